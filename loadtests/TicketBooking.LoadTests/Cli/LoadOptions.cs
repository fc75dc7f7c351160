using System.CommandLine;
using System.CommandLine.Parsing;
using TicketBooking.LoadTests.Auth;
using TicketBooking.LoadTests.Running;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Cli;

/// <summary>The options that <c>run</c> and <c>ramp</c> share: scenario, target, steps and client settings.</summary>
internal sealed class LoadOptions
{
    private readonly Option<string> _scenario = new("--scenario")
    {
        Description = "http-get: GET --url at the rate. post-json: POST the --template body to --url (both may hold {{placeholders}}).",
        Required = true,
    };

    private readonly Option<string> _url = new("--url") { Description = "Target URL (127.0.0.1 for anything heavy).", Required = true };
    private readonly Option<string?> _warmupUrl = new("--warmup-url") { Description = "post-json: where warm-up requests go instead of --url (a session of their own, so the measured one is untouched)." };
    private readonly Option<FileInfo?> _template = new("--template") { Description = "post-json: file holding the JSON body template." };
    private readonly Option<string[]> _headers = new("--header") { Description = "Extra request header 'Name: value' (repeatable); the value may hold placeholders, e.g. 'Idempotency-Key: {{uuid}}'." };
    private readonly Option<bool> _poll = new("--poll-location") { Description = "post-json: after a 2xx, poll its Location until a final status (time to decision)." };
    private readonly Option<TimeSpan> _pollInterval = Duration("--poll-interval", "Time between polls.", TimeSpan.FromMilliseconds(50));
    private readonly Option<TimeSpan> _longPoll = Duration("--long-poll", "Each poll asks the server to wait this long for a change (?wait=); 0 polls every --poll-interval.", TimeSpan.Zero);
    private readonly Option<TimeSpan> _decisionDeadline = Duration("--decision-deadline", "Stop polling this long after the accept (outcome 'deadline').", TimeSpan.FromSeconds(10));
    private readonly Option<string> _statusField = new("--status-field") { Description = "JSON property holding the polled status.", DefaultValueFactory = _ => "status" };
    private readonly Option<string> _finalStatuses = new("--final-statuses")
    {
        Description = "Comma-separated statuses that end polling.",
        DefaultValueFactory = _ => "confirmed,rejected,released,expired,cancelled",
    };

    private readonly Option<TimeSpan> _warmup = Duration("--warmup", "Warm-up of each step: sent at the step's rate, not recorded.", TimeSpan.FromSeconds(5));
    private readonly Option<TimeSpan> _duration = Duration("--duration", "Measured duration of each step.", TimeSpan.FromSeconds(20));
    private readonly Option<int> _maxInFlight = Positive("--max-in-flight", "Most requests in flight; requests due beyond it are dropped and counted.", 10_000);
    private readonly Option<int> _connections = Positive("--connections", "Most HTTP connections to the target (SocketsHttpHandler.MaxConnectionsPerServer).", 100);
    private readonly Option<TimeSpan> _timeout = Duration("--timeout", "Timeout of one HTTP exchange.", TimeSpan.FromSeconds(10));
    private readonly Option<TimeSpan> _lateAfter = Duration("--late-after", "A request sent more than this after its scheduled time counts as a late start.", TimeSpan.FromMilliseconds(5));
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the per-request random source.", DefaultValueFactory = _ => 42 };
    private readonly Option<DirectoryInfo?> _out = new("--out") { Description = "Folder for report.md and report.json (default: loadtests/reports/<UTC timestamp>/)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _scenario, _url, _warmupUrl, _template, _headers, _poll, _pollInterval, _longPoll, _decisionDeadline, _statusField, _finalStatuses, _warmup, _duration, _maxInFlight, _connections, _timeout, _lateAfter, _seed, _out })
        {
            command.Options.Add(option);
        }

        _scenario.AcceptOnlyFromAmong("http-get", "post-json");
    }

    public TimeSpan Warmup(ParseResult result) => result.GetValue(_warmup);

    public TimeSpan MeasuredDuration(ParseResult result) => result.GetValue(_duration);

    public string? OutFolder(ParseResult result) => result.GetValue(_out)?.FullName;

    public LoadSettings Settings(ParseResult result)
    {
        var timeout = result.GetValue(_timeout);
        return new LoadSettings
        {
            MaxInFlight = result.GetValue(_maxInFlight),
            MaxConnectionsPerServer = result.GetValue(_connections),
            RequestTimeout = timeout,
            LateAfter = result.GetValue(_lateAfter),
            Seed = result.GetValue(_seed),
            DrainTimeout = timeout + (result.GetValue(_poll) ? result.GetValue(_decisionDeadline) : TimeSpan.Zero) + TimeSpan.FromSeconds(1),
        };
    }

    /// <summary>The scenario, and the URI whose host and port are probed; <see cref="FormatException"/> or <see cref="IOException"/> on bad input.</summary>
    public async Task<(IScenario Scenario, Uri Probe)> ScenarioAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var url = result.GetValue(_url)!;
        var template = result.GetValue(_template);
        bool poll = result.GetValue(_poll);
        switch (result.GetValue(_scenario))
        {
            case "http-get":
                if (template is not null || poll || result.GetValue(_warmupUrl) is not null)
                {
                    throw new FormatException("--template, --poll-location and --warmup-url belong to the post-json scenario.");
                }

                var get = ScenarioUris.ParseHttp(url);
                return (new HttpGetScenario(get), get);
            default:
                if (template is null)
                {
                    throw new FormatException("The post-json scenario needs --template FILE.");
                }

                var headers = new List<KeyValuePair<string, RequestTemplate>>();
                var tokens = BuyerTokens.FromEnvironment();
                foreach (var text in result.GetValue(_headers) ?? [])
                {
                    headers.Add(CliValues.TryParseHeader(text, out var header) ? KeyValuePair.Create(header.Key, RequestTemplate.Parse(header.Value, tokens)) : throw new FormatException($"--header '{text}' is not 'Name: value'."));
                }

                var body = RequestTemplate.Parse(await File.ReadAllTextAsync(template.FullName, cancellationToken).ConfigureAwait(false));
                var followUp = poll
                    ? new PollUntilFinal(result.GetValue(_pollInterval), result.GetValue(_decisionDeadline), result.GetValue(_statusField)!, result.GetValue(_finalStatuses)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), result.GetValue(_longPoll))
                    : null;
                var urlTemplate = RequestTemplate.Parse(url);
                var warmupUrl = result.GetValue(_warmupUrl) is { } warmup ? RequestTemplate.Parse(warmup) : null;
                var scenario = new PostJsonScenario(urlTemplate, body, headers, followUp, warmupUrl);
                return (scenario, scenario.CreateRequest(new RequestContext(0, 0)).Uri);
        }
    }

    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} Such as 500ms, 5s, 2m.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = argument => ParseDuration(argument, name, defaultValue),
    };

    private static TimeSpan ParseDuration(ArgumentResult argument, string name, TimeSpan defaultValue)
    {
        if (argument.Tokens.Count == 0)
        {
            return defaultValue;
        }

        var text = argument.Tokens[0].Value;
        if (CliValues.TryParseDuration(text, out var duration))
        {
            return duration;
        }

        argument.AddError($"{name}: '{text}' is not a duration such as 500ms, 5s or 2m.");
        return defaultValue;
    }

    /// <summary>An int option that must be at least 1; shared with the other commands.</summary>
    public static Option<int> Positive(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = argument =>
        {
            if (argument.Tokens.Count == 0)
            {
                return defaultValue;
            }

            if (int.TryParse(argument.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                return value;
            }

            argument.AddError($"{name} must be a whole number of at least 1.");
            return defaultValue;
        },
    };
}
