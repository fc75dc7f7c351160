using System.Globalization;
using System.Text.RegularExpressions;
using TicketBooking.LoadTests.Cli;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// Reads <c>./tb load</c>'s options into <see cref="OrchestrationOptions"/>, checks them and fills in what
/// <c>--quick</c> and <c>--compare</c> imply. Bad input throws <see cref="FormatException"/> with a one-line reason.
/// </summary>
public static partial class OrchestrationArguments
{
    private static readonly string[] Scenarios = ["hot-drop", "spread", "ramp", "queue"];

    private static readonly HashSet<string> ValueOptions =
    [
        "--scenario", "--rate", "--duration", "--warmup", "--rates", "--p99-limit", "--seed", "--buyers", "--poll-interval",
        "--long-poll", "--wrk-duration", "--ingress-port", "--engine-port", "--wallet-port", "--projections-port",
        "--conventional-port", "--ref", "--scale", "--cpu-process",
        "--visitors", "--late-visitors", "--join-concurrency", "--followers", "--buy-every", "--admit-per-minute",
    ];

    /// <summary>The options of <paramref name="arguments"/>; <paramref name="defaultSeed"/> unless <c>--seed</c> is given.</summary>
    public static OrchestrationOptions Parse(IReadOnlyList<string> arguments, int defaultSeed)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var cpuProcesses = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            var name = arguments[i];
            if (name is "-h" or "--help" or "--quick" or "--wrk" or "--compare")
            {
                flags.Add(name == "-h" ? "--help" : name);
            }
            else if (ValueOptions.Contains(name))
            {
                if (i + 1 >= arguments.Count)
                {
                    throw new FormatException($"{name} needs a value (./tb load --help lists the options).");
                }

                if (name == "--cpu-process")
                {
                    cpuProcesses.Add(arguments[++i]);
                }
                else
                {
                    values[name] = arguments[++i];
                }
            }
            else
            {
                throw new FormatException($"unknown option '{name}' (./tb load --help lists the options).");
            }
        }

        string? Value(string name) => values.GetValueOrDefault(name);
        bool quick = flags.Contains("--quick"), wrk = flags.Contains("--wrk"), compare = flags.Contains("--compare");
        var scenario = Value("--scenario") ?? "hot-drop";
        if (!Scenarios.Contains(scenario))
        {
            throw new FormatException($"--scenario is hot-drop, spread, ramp or queue, not '{scenario}'.");
        }

        var queue = QueueOptions(Value, scenario, quick);
        if (queue is not null && (wrk || compare))
        {
            throw new FormatException("--scenario queue runs its own load, not --wrk or --compare.");
        }

        int scale = Value("--scale") switch
        {
            null => 1,
            { } text when text is "1" or "2" or "4" => int.Parse(text, CultureInfo.InvariantCulture),
            _ => throw new FormatException("--scale is 1, 2 or 4 (each engine host prefers an equal share of the 16 partitions)."),
        };
        if (scale > 1 && queue is not null)
        {
            throw new FormatException("--scenario queue runs against one ingress, not --scale.");
        }

        if (scale > 1 && (wrk || compare))
        {
            throw new FormatException("--scale goes with the generator's scenarios, not --wrk or --compare.");
        }

        var rate = Value("--rate");
        if (rate is not null && !RateText().IsMatch(rate))
        {
            throw new FormatException("--rate is a number of requests per second.");
        }

        // --compare: the conventional service pays PostgreSQL's cold costs (first page touches after the bulk load,
        // connections, prepared statements) for several seconds; a longer warm-up keeps them out of both figures.
        var warmup = Value("--warmup") ?? (compare ? "10s" : null);
        var duration = Value("--duration");
        var rates = Value("--rates");
        if (quick)
        {
            (rate, duration, warmup, rates) = (rate ?? "300", duration ?? "5s", warmup ?? "2s", rates ?? "200,400");
            duration = scenario == "ramp" ? "3s" : duration;
        }

        var options = new OrchestrationOptions
        {
            Scenario = scenario,
            Rate = rate ?? "2000",
            Duration = Duration("--duration", duration ?? "60s"),
            Warmup = Duration("--warmup", warmup ?? "5s"),
            Rates = RateList(rates ?? "1000,2000,3000,4000,5000"),
            P99Limit = Duration("--p99-limit", Value("--p99-limit") ?? "500ms"),
            Seed = Value("--seed") is { } seed ? Number("--seed", seed, int.MinValue) : defaultSeed,
            // The queue's buyers are its followers (the first visitors): they are the ones funded.
            Buyers = Value("--buyers") is { } buyers ? Number("--buyers", buyers, 1) : queue?.Followers ?? 5000,
            // Time to decision through polling with --compare: a fine interval, so that it measures the engine, not the poll.
            PollInterval = Duration("--poll-interval", Value("--poll-interval") ?? (compare ? "50ms" : "250ms")),
            LongPoll = Duration("--long-poll", Value("--long-poll") ?? "10s"),
            Quick = quick,
            Wrk = wrk,
            Compare = compare,
            WrkDuration = Duration("--wrk-duration", Value("--wrk-duration") ?? (quick ? "5s" : "30s")),
            IngressPort = Port("--ingress-port", Value("--ingress-port"), 5180, scale),
            EnginePort = Port("--engine-port", Value("--engine-port"), 5080, scale),
            WalletPort = Port("--wallet-port", Value("--wallet-port"), 5280, scale),
            ProjectionsPort = Port("--projections-port", Value("--projections-port"), 5380, 1),
            ConventionalPort = Port("--conventional-port", Value("--conventional-port"), 5480, 1),
            Ref = Value("--ref") is { Length: > 0 } commit ? commit : null,
            Scale = scale,
            CpuProcesses = cpuProcesses,
            Help = flags.Contains("--help"),
            Queue = queue,
        };
        return options;
    }

    /// <summary>The queue scenario's options (null for the others, which take none of them).</summary>
    private static QueueLoad? QueueOptions(Func<string, string?> value, string scenario, bool quick)
    {
        string[] names = ["--visitors", "--late-visitors", "--join-concurrency", "--followers", "--buy-every", "--admit-per-minute"];
        if (scenario != "queue")
        {
            return names.FirstOrDefault(name => value(name) is not null) is { } given
                ? throw new FormatException($"{given} goes with --scenario queue.")
                : null;
        }

        // --quick: a smoke run of the same shape, a minute or two.
        var defaults = quick ? new QueueLoad { Visitors = 2000, LateVisitors = 50, Followers = 200, BuyEvery = 10 } : new QueueLoad();
        var load = new QueueLoad
        {
            Visitors = value("--visitors") is { } visitors ? Number("--visitors", visitors, 1) : defaults.Visitors,
            LateVisitors = value("--late-visitors") is { } late ? Number("--late-visitors", late, 0) : defaults.LateVisitors,
            JoinConcurrency = value("--join-concurrency") is { } concurrency ? Number("--join-concurrency", concurrency, 1) : defaults.JoinConcurrency,
            Followers = value("--followers") is { } followers ? Number("--followers", followers, 1) : defaults.Followers,
            BuyEvery = value("--buy-every") is { } every ? Number("--buy-every", every, 1) : defaults.BuyEvery,
            AdmitPerMinute = value("--admit-per-minute") is { } rate ? Number("--admit-per-minute", rate, 1) : defaults.AdmitPerMinute,
        };
        return load.Followers <= load.Visitors
            ? load
            : throw new FormatException("--followers cannot be more than --visitors (the followers are the first visitors).");
    }

    private static string Duration(string name, string text) =>
        CliValues.TryParseDuration(text, out _) ? text : throw new FormatException($"{name}: '{text}' is not a duration such as 500ms, 5s or 2m.");

    private static string RateList(string text) =>
        CliValues.TryParseRates([text], out _) ? text : throw new FormatException("--rates are positive numbers separated by commas, such as 1000,2000,4000.");

    private static int Number(string name, string text, int least) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= least
            ? value
            : throw new FormatException(least switch { 1 => $"{name} is a positive number.", 0 => $"{name} is a number of at least 0.", _ => $"{name} is a whole number." });

    /// <summary>A port that leaves room for <paramref name="instances"/> consecutive ones.</summary>
    private static int Port(string name, string? text, int defaultPort, int instances)
    {
        if (text is null)
        {
            return defaultPort;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port >= 1 && port + instances - 1 <= 65535
            ? port
            : throw new FormatException($"{name} is a port number (ports are numbers from 1 to 65535).");
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex RateText();
}
