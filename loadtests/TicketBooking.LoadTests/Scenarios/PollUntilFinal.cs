using System.Globalization;
using System.Net;
using System.Text.Json;

namespace TicketBooking.LoadTests.Scenarios;

/// <summary>
/// Polls the accepted answer's <c>Location</c> with GET every <see cref="Interval"/> until the JSON
/// body's <see cref="StatusField"/> holds one of <see cref="FinalStatuses"/> (decided: the status is
/// the outcome) or <see cref="Deadline"/> has passed since the accept (outcome <c>deadline</c>).
/// A 404 or a non-final status means "not yet"; other failed polls keep polling until the deadline.
/// With a <see cref="LongPollWait"/> each poll asks the server to hold it until the status moves
/// (<c>?wait=</c>), so polls follow each other at once and the interval only spaces out failed ones.
/// </summary>
public sealed class PollUntilFinal : IFollowUp
{
    /// <summary>The outcome when no final status came before the deadline.</summary>
    public const string DeadlineOutcome = "deadline";

    /// <summary>The outcome when the accepted answer had no Location header.</summary>
    public const string NoLocationOutcome = "no location";

    /// <param name="interval">Time between polls (the first poll comes one interval after the accept).</param>
    /// <param name="deadline">Give up this long after the accept.</param>
    /// <param name="statusField">Top-level JSON property holding the status.</param>
    /// <param name="finalStatuses">Statuses that end the polling (compared ignoring case).</param>
    /// <param name="longPollWait">How long each poll asks the server to wait for a change; zero polls plainly.</param>
    public PollUntilFinal(TimeSpan interval, TimeSpan deadline, string statusField, IEnumerable<string> finalStatuses, TimeSpan longPollWait = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(longPollWait, TimeSpan.Zero);
        LongPollWait = longPollWait;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(statusField);
        ArgumentNullException.ThrowIfNull(finalStatuses);
        Interval = interval;
        Deadline = deadline;
        StatusField = statusField;
        FinalStatuses = new HashSet<string>(finalStatuses, StringComparer.OrdinalIgnoreCase);
        if (FinalStatuses.Count == 0)
        {
            throw new ArgumentException("At least one final status is needed.", nameof(finalStatuses));
        }
    }

    /// <summary>Time between polls.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How long each poll asks the server to wait for a change (<c>?wait=</c>); zero for plain polls.</summary>
    public TimeSpan LongPollWait { get; }

    /// <summary>Give up this long after the accept.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>Top-level JSON property holding the status.</summary>
    public string StatusField { get; }

    /// <summary>Statuses that end the polling.</summary>
    public IReadOnlySet<string> FinalStatuses { get; }

    /// <inheritdoc />
    public string Description => LongPollWait > TimeSpan.Zero
        ? $"long-poll Location (wait={LongPollWait.TotalSeconds:0.###}s) until '{StatusField}' is one of {string.Join('/', FinalStatuses)} or {Deadline.TotalSeconds:0.###} s pass"
        : $"poll Location every {Interval.TotalMilliseconds:0} ms until '{StatusField}' is one of {string.Join('/', FinalStatuses)} or {Deadline.TotalSeconds:0.###} s pass";

    /// <inheritdoc />
    public async Task<FollowUpOutcome> RunAsync(FollowUpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var location = context.Accepted.Headers.Location;
        if (location is null)
        {
            return new FollowUpOutcome(NoLocationOutcome, Decided: false);
        }

        if (!location.IsAbsoluteUri)
        {
            location = new Uri(context.Accepted.RequestMessage!.RequestUri!, location);
        }

        if (LongPollWait > TimeSpan.Zero)
        {
            location = new UriBuilder(location) { Query = string.Create(CultureInfo.InvariantCulture, $"wait={LongPollWait.TotalSeconds:0.###}") }.Uri;
        }

        long acceptedAt = context.Time.GetTimestamp();
        var pause = LongPollWait == TimeSpan.Zero;
        while (true)
        {
            var left = Deadline - context.Time.GetElapsedTime(acceptedAt);
            if (left <= TimeSpan.Zero)
            {
                return new FollowUpOutcome(DeadlineOutcome, Decided: false);
            }

            if (pause)
            {
                await Task.Delay(left < Interval ? left : Interval, context.Time, cancellationToken).ConfigureAwait(false);
            }

            using var poll = new HttpRequestMessage(HttpMethod.Get, location);
            CopyIdentity(context.Accepted.RequestMessage, poll);
            using var response = await context.Client.SendAsync(poll, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound || !response.IsSuccessStatusCode)
            {
                pause = true;
                continue;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (ReadStatus(body) is { } status && FinalStatuses.Contains(status))
            {
                return new FollowUpOutcome(status.ToLowerInvariant(), Decided: true);
            }

            pause = LongPollWait == TimeSpan.Zero;
        }
    }

    /// <summary>The poll speaks as the same caller: the request's own headers (a buyer id, say) go with it.</summary>
    private static void CopyIdentity(HttpRequestMessage? accepted, HttpRequestMessage poll)
    {
        foreach (var (name, values) in accepted?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
        {
            poll.Headers.TryAddWithoutValidation(name, values);
        }
    }

    private string? ReadStatus(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(StatusField, out var status)
                && status.ValueKind == JsonValueKind.String
                ? status.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
