using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TicketBooking.LoadTests.Audit;
using TicketBooking.LoadTests.Auth;
using TicketBooking.LoadTests.Drop;
using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Queue;

/// <summary>
/// The queue scenario from start to end against a running ingress: creates a session with a waiting room whose sale
/// starts in an hour, lets the visitors join, moves the start to <see cref="QueueSettings.SaleDelay"/> after the last
/// join, lets late visitors join one by one after the shuffle, follows and buys with the followers, watches the
/// organizer's counts until everyone is admitted, reads the visitors list while admitting and after, then prints the
/// figures and the checks and writes queue.txt and queue.json. Exit 0 when every check passed, 1 otherwise.
/// </summary>
internal sealed class QueueRun(QueueSettings settings, BuyerTokens tokens, HttpClient http, TextWriter output, TimeProvider time)
{
    public const int Passed = 0;
    public const int Failed = 1;

    /// <summary>A small hall: the sample buys a seat each, far from selling out (which would stop admission).</summary>
    private const int Rows = 10;
    private const int SeatsPerRow = 100;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long after the start the shuffle may take to show: a step that fails is retried each second, and one that
    /// outlasts the admitter's command timeout (30 s) holds everything up; the delay is printed either way.
    /// </summary>
    private static readonly TimeSpan ShuffleWait = TimeSpan.FromSeconds(150);
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly List<string> _lines = [];

    /// <summary>A client with a connection for every follower's long poll and every join in flight.</summary>
    public static HttpClient CreateClient(QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Followers + settings.JoinConcurrency + 16,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var loadBefore = LoadAverage();
        var client = new QueueClient(http, settings.Ingress, settings.SessionId, tokens);
        Say($"queue: session {settings.SessionId}, {settings.Visitors} visitors ({settings.JoinConcurrency} joins at once) + {settings.LateVisitors} late, {settings.Followers} followers ({settings.Buyers} buy), {settings.AdmitPerMinute}/min; load {loadBefore}");

        var opensAt = startedAt.AddMinutes(-1);
        await client.CreateSessionAsync(new DropPlan(settings.SessionId, settings.SessionId, 1, Rows, SeatsPerRow), QueueClient.RoomBody(opensAt, startedAt.AddHours(1), settings.AdmitPerMinute), startedAt, cancellationToken).ConfigureAwait(false);
        await UntilAsync(async () => await client.PublicPhaseAsync(cancellationToken).ConfigureAwait(false) is not null, TimeSpan.FromSeconds(30), "the ingress to show the room", cancellationToken).ConfigureAwait(false);

        var joins = await new JoinPhase(client, time).RunAsync([.. Enumerable.Range(0, settings.Visitors).Select(settings.VisitorId)], settings.JoinConcurrency, cancellationToken).ConfigureAwait(false);
        Say($"joins: {joins.Joined.Count} in {joins.Rate.Seconds:0.0} s, median {joins.Rate.MedianPerSecond:0}/s (mean {joins.Rate.MeanPerSecond:0}/s, peak {joins.Rate.PeakPerSecond}/s), latency p50 {ReportFormat.Ms(joins.Latency?.P50)} ms p99 {ReportFormat.Ms(joins.Latency?.P99)} ms{Failures(joins.Failures)}");

        var purchases = new PurchaseTally();
        using var followStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var following = new FollowerGroup(client, settings, purchases, time).RunAsync(followStop.Token);

        var saleStartsAt = time.GetUtcNow() + settings.SaleDelay;
        await client.ConfigureAsync(QueueClient.RoomBody(opensAt, saleStartsAt, settings.AdmitPerMinute), cancellationToken).ConfigureAwait(false);
        AdminRoomView room = await client.RoomAsync(cancellationToken).ConfigureAwait(false);
        await UntilAsync(
            async () => (room = await client.RoomAsync(cancellationToken).ConfigureAwait(false)).Seed is not null,
            settings.SaleDelay + ShuffleWait,
            "the shuffle",
            cancellationToken).ConfigureAwait(false);
        Say($"shuffle: seed {room.Seed}, pre-queue {room.PreQueueSize}, {(time.GetUtcNow() - saleStartsAt).TotalSeconds:0.0} s after the start");

        var late = new List<long>();
        for (var index = settings.Visitors; index < settings.Total; index++)
        {
            var id = settings.VisitorId(index);
            var status = await client.JoinAsync(id, cancellationToken).ConfigureAwait(false);
            if ((int)status is 200 or 201)
            {
                late.Add(id);
            }
        }

        var expectedTotal = joins.Joined.Count + late.Count;
        IReadOnlyList<VisitorRow>? earlier = null;
        var admitting = Stopwatch.StartNew();
        while (room.Counts.Admitted < expectedTotal && admitting.Elapsed < settings.AdmissionLimit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            room = await client.RoomAsync(cancellationToken).ConfigureAwait(false);
            if (earlier is null && room.Counts.Admitted * 2 >= expectedTotal)
            {
                earlier = await client.VisitorsAsync(cancellationToken).ConfigureAwait(false);
                Say($"read while admitting: {earlier.Count(row => row.AdmittedAt is not null)} of {earlier.Count} admitted");
            }
        }

        earlier ??= await client.VisitorsAsync(cancellationToken).ConfigureAwait(false);

        // Followers still waiting when admission ended (or gave up) are not coming through any more: a last minute for the purchases.
        followStop.CancelAfter(TimeSpan.FromSeconds(60));
        var follow = await following.ConfigureAwait(false);
        var final = await client.VisitorsAsync(cancellationToken).ConfigureAwait(false);
        room = await client.RoomAsync(cancellationToken).ConfigureAwait(false);

        var admissions = RateSeries.Of([.. final.Where(row => row.AdmittedAt is not null).Select(row => row.AdmittedAt!.Value)]);
        Say($"admissions: {admissions.Count} in {admissions.Seconds:0.0} s, median {admissions.MedianPerSecond:0}/s (mean {admissions.MeanPerSecond:0}/s, peak {admissions.PeakPerSecond}/s) by admittedAt");
        Say($"position updates: {follow.Updates.Count} changed standings of {follow.Answers} long-poll answers, median {follow.Updates.MedianPerSecond:0}/s (mean {follow.Updates.MeanPerSecond:0}/s, peak {follow.Updates.PeakPerSecond}/s){Failures(follow.Errors)}{(follow.Unfinished > 0 ? Invariant($", {follow.Unfinished} followers not admitted") : "")}");
        Say($"purchases: {string.Join(", ", purchases.Answers().Select(pair => Invariant($"{pair.Key}: {pair.Value}")))}; accepted orders: {string.Join(", ", purchases.Outcomes().Select(pair => Invariant($"{pair.Value} {pair.Key}")))}");
        var counts = room.Counts;
        Say($"counts: waiting {counts.Waiting}, admitted {counts.Admitted}, bought {counts.Bought}, abandoned {counts.Abandoned}, left {counts.Left}, unpositioned {counts.Unpositioned}");

        var expectation = new QueueExpectation(joins.Joined, late);
        List<AuditCheck> checks =
        [
            new(joins.Failures.Count == 0 && joins.Joined.Count == settings.Visitors, Invariant($"joins: {joins.Joined.Count} of {settings.Visitors} before the start, {late.Count} of {settings.LateVisitors} after{Failures(joins.Failures)}")),
            .. QueueOrderVerifier.Check(expectation, room.Seed, room.PreQueueSize, earlier, final),
            QueueOrderVerifier.StandingsAgree(follow.LastStandings, final),
            .. purchases.Checks(),
            QueueOrderVerifier.OrderedMarks(purchases.AcceptedBuyers, final),
        ];
        checks.ForEach(check => Add(check.ToString()));
        var passed = checks.All(check => check.Passed);
        var loadAfter = LoadAverage();
        Say($"load {loadAfter}; {(passed ? "PASS" : "FAIL")} queue");

        var report = new QueueReport
        {
            Settings = settings,
            StartedAt = startedAt,
            LoadBefore = loadBefore,
            LoadAfter = loadAfter,
            Joins = joins.Rate,
            JoinLatency = joins.Latency,
            JoinFailures = joins.Failures,
            Seed = room.Seed,
            PreQueueSize = room.PreQueueSize,
            Admissions = admissions,
            PositionUpdates = follow.Updates,
            LongPollAnswers = follow.Answers,
            FollowErrors = follow.Errors,
            Purchases = purchases.Answers(),
            PurchaseOutcomes = purchases.Outcomes(),
            Counts = counts,
            Checks = [.. checks.Select(check => check.ToString())],
            Passed = passed,
        };
        await WriteAsync(report, startedAt, cancellationToken).ConfigureAwait(false);
        return passed ? Passed : Failed;
    }

    private async Task WriteAsync(QueueReport report, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var folder = settings.Out ?? Path.Combine(ReportFiles.DefaultFolder(startedAt) + "-queue");
        Directory.CreateDirectory(folder);
        await File.WriteAllLinesAsync(Path.Combine(folder, "queue.txt"), _lines, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "queue.json"), JsonSerializer.Serialize(report, ReportJson) + "\n", cancellationToken).ConfigureAwait(false);
        output.WriteLine($"reports: {Path.Combine(folder, "queue.txt")}, {Path.Combine(folder, "queue.json")}");
    }

    private async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (waited.Elapsed > limit)
            {
                throw new QueueCallException(Invariant($"waited {limit.TotalSeconds:0} s for {what}"));
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Add(string line)
    {
        _lines.Add(line);
        output.WriteLine(line);
    }

    private static string Failures(IReadOnlyDictionary<string, long> failures) =>
        failures.Count == 0 ? "" : ", failed: " + string.Join(", ", failures.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => Invariant($"{pair.Value} {pair.Key}")));

    /// <summary>The 1, 5 and 15 minute load averages, as uptime prints them; empty where /proc is not there.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Say(FormattableString line) => Add(Invariant(line));
}
