using System.CommandLine;
using TicketBooking.LoadTests.Cli;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Queue;

/// <summary>The <c>queue</c> command's options, read into <see cref="QueueSettings"/>.</summary>
internal sealed class QueueOptions
{
    private readonly Option<string> _ingress = new("--ingress") { Description = "Base URL of the ingress (loopback).", DefaultValueFactory = _ => "http://127.0.0.1:5180" };
    private readonly Option<long?> _session = new("--session") { Description = "Id of the session and its hall (default: milliseconds since 1970, fresh per run)." };
    private readonly Option<long> _firstVisitor = new("--first-visitor") { Description = "First visitor's user id; the followers are the first --followers visitors, so fund them for purchases to confirm.", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _visitors = LoadOptions.Positive("--visitors", "Visitors who join before the sale starts.", 100_000);
    private readonly Option<int> _late = new("--late-visitors") { Description = "Visitors who join one by one after the shuffle (their order is checked).", DefaultValueFactory = _ => 200 };
    private readonly Option<int> _concurrency = LoadOptions.Positive("--join-concurrency", "Joins in flight at once.", 64);
    private readonly Option<int> _followers = LoadOptions.Positive("--followers", "Visitors who follow their standing by long poll (?wait=10) until admitted.", 2000);
    private readonly Option<int> _buyEvery = LoadOptions.Positive("--buy-every", "Every N-th follower buys one seat when admitted (with its token, and first without, with another's and with a malformed one).", 100);
    private readonly Option<int> _admitPerMinute = LoadOptions.Positive("--admit-per-minute", "The room's admission rate (mode rate).", 60_000);
    private readonly Option<TimeSpan> _saleDelay = LoadOptions.Duration("--sale-delay", "The sale starts this long after the last join.", TimeSpan.FromSeconds(5));
    private readonly Option<TimeSpan?> _timeout = new("--admission-timeout") { Description = "Give up when admission takes longer than this after the start (default: twice what the rate needs, plus a minute).", CustomParser = argument => CliValues.TryParseDuration(argument.Tokens[0].Value, out var value) ? value : Refuse(argument) };
    private readonly Option<DirectoryInfo?> _out = new("--out") { Description = "Folder for queue.txt and queue.json (default: loadtests/reports/<UTC timestamp>-queue/)." };

    public Command Create()
    {
        var command = new Command(
            "queue",
            "The waiting room under load: a session with a room, --visitors joining before the start, the shuffle, admission at --admit-per-minute, " +
            "followers by long poll, purchases with and without tokens; prints joins/s, admissions/s, position updates/s and PASS/FAIL checks.");
        foreach (var option in new Option[] { _ingress, _session, _firstVisitor, _visitors, _late, _concurrency, _followers, _buyEvery, _admitPerMinute, _saleDelay, _timeout, _out })
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>The settings; <see cref="FormatException"/> with a one-line reason when they cannot run.</summary>
    public QueueSettings Settings(ParseResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = new QueueSettings
        {
            Ingress = ScenarioUris.ParseHttp(result.GetValue(_ingress)!),
            SessionId = result.GetValue(_session) ?? now.ToUnixTimeMilliseconds(),
            FirstVisitor = result.GetValue(_firstVisitor),
            Visitors = result.GetValue(_visitors),
            LateVisitors = result.GetValue(_late),
            JoinConcurrency = result.GetValue(_concurrency),
            Followers = result.GetValue(_followers),
            BuyEvery = result.GetValue(_buyEvery),
            AdmitPerMinute = result.GetValue(_admitPerMinute),
            SaleDelay = result.GetValue(_saleDelay),
            AdmissionTimeout = result.GetValue(_timeout),
            Out = result.GetValue(_out)?.FullName,
        };
        settings.Validate();
        return settings;
    }

    private static TimeSpan? Refuse(System.CommandLine.Parsing.ArgumentResult argument)
    {
        argument.AddError($"--admission-timeout: '{argument.Tokens[0].Value}' is not a duration such as 90s or 5m.");
        return null;
    }
}
