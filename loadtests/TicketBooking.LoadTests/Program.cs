using System.CommandLine;
using Microsoft.Extensions.Hosting;
using TicketBooking.LoadTests.Audit;
using TicketBooking.LoadTests.Auth;
using TicketBooking.LoadTests.Cli;
using TicketBooking.LoadTests.Compare;
using TicketBooking.LoadTests.Drop;
using TicketBooking.LoadTests.Orchestration;
using TicketBooking.LoadTests.Queue;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;
using TicketBooking.LoadTests.Scenarios;
using TicketBooking.LoadTests.Target;

const int Completed = 0;
const int NoStepHeld = 1;
const int Usage = 2;
const int Unreachable = 3;
const string ProviderSecretVariable = "Wallet__Provider__CallbackSecret";

var runOptions = new LoadOptions();
var rate = new Option<double>("--rate")
{
    Description = "Arrival rate, requests per second.",
    Required = true,
    CustomParser = argument =>
    {
        if (CliValues.TryParseRates(argument.Tokens.Select(token => token.Value), out var parsed) && parsed.Length == 1)
        {
            return parsed[0];
        }

        argument.AddError("--rate must be a positive number of requests per second.");
        return 0;
    },
};
var run = new Command("run", "One step at a constant arrival rate (open model): warm-up, then the measured duration.") { rate };
runOptions.AddTo(run);
run.SetAction((parseResult, cancellationToken) =>
    RunAsync(runOptions, parseResult, [parseResult.GetValue(rate)], policy: null, cancellationToken));

var rampOptions = new LoadOptions();
var rates = new Option<double[]>("--rates")
{
    Description = "Arrival rates of the steps, in order, such as 1000,2000,4000.",
    Required = true,
    AllowMultipleArgumentsPerToken = true,
    CustomParser = argument =>
    {
        if (CliValues.TryParseRates(argument.Tokens.Select(token => token.Value), out var parsed))
        {
            return parsed;
        }

        argument.AddError("--rates must be positive numbers separated by commas, such as 1000,2000,4000.");
        return [];
    },
};
var p99Limit = LoadOptions.Duration("--p99-limit", "A step whose p99 latency exceeds this fails and ends the ramp.", TimeSpan.FromMilliseconds(500));
var errorLimit = new Option<double>("--error-limit")
{
    Description = "A step whose error rate (failed, dropped, unfinished over scheduled) exceeds this fails and ends the ramp: 0.01 or 1%.",
    DefaultValueFactory = _ => 0.01,
    CustomParser = argument =>
    {
        if (argument.Tokens.Count == 0)
        {
            return 0.01;
        }

        if (CliValues.TryParseRatio(argument.Tokens[0].Value, out var ratio))
        {
            return ratio;
        }

        argument.AddError($"--error-limit: '{argument.Tokens[0].Value}' is not a ratio from 0 to 1 such as 0.01 or 1%.");
        return 0;
    },
};
var ramp = new Command("ramp", "Steps of increasing rate; stops at the first step over the p99 or error limit and reports the highest rate that held.") { rates, p99Limit, errorLimit };
rampOptions.AddTo(ramp);
ramp.SetAction((parseResult, cancellationToken) =>
    RunAsync(rampOptions, parseResult, parseResult.GetValue(rates)!, new RampPolicy(parseResult.GetValue(p99Limit), parseResult.GetValue(errorLimit)), cancellationToken));

var serveUrl = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5090" };
var decideAfter = LoadOptions.Duration("--decide-after", "Orders read as pending until this long after their accept, then confirmed.", TimeSpan.FromMilliseconds(100));
var serve = new Command("serve", "A trivial local target: GET /health/live, POST /api/sessions/{id}/orders (202 + Location), GET /api/orders/{id}.") { serveUrl, decideAfter };
serve.SetAction(async (parseResult, cancellationToken) =>
{
    await using var app = TargetServer.Build(parseResult.GetValue(serveUrl)!, parseResult.GetValue(decideAfter));
    await app.StartAsync(cancellationToken).ConfigureAwait(false);
    Console.WriteLine($"serving on {string.Join(", ", app.Urls)}; Ctrl+C stops");
    await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    return Completed;
});

var dropIngress = new Option<string>("--ingress") { Description = "Base URL of the ingress (loopback).", DefaultValueFactory = _ => "http://127.0.0.1:5180" };
var dropAdminKey = new Option<string>("--admin-key") { Description = "X-Admin-Key of the conventional service (--conventional).", DefaultValueFactory = _ => SessionsOnSale.ConventionalAdminKey };
var dropSessions = LoadOptions.Positive("--sessions", "Sessions to open (consecutive ids).", 1);
var dropRows = LoadOptions.Positive("--rows", "Rows of the hall (first half category 0, the rest category 1).", 100);
var dropSeats = LoadOptions.Positive("--seats-per-row", "Seats per row.", 200);
var dropFirst = new Option<long?>("--first-id") { Description = "First session id, also the hall id (default: milliseconds since 1970, fresh per run)." };
var dropConventional = new Option<bool>("--conventional") { Description = "--ingress is the conventional service (loadtests/TicketBooking.Conventional): the same sessions, created there." };
var dropShowcase = new Option<bool>("--showcase") { Description = "Also a city, a venue, an artist and an event the hall and sessions belong to (the demo of ./tb run); not with --conventional." };
var drop = new Command("drop", "Creates a hall and fresh sessions through the ingress admin API; prints 'FIRST LAST ORDERS_URL_TEMPLATE' on stdout.") { dropIngress, dropAdminKey, dropSessions, dropRows, dropSeats, dropFirst, dropConventional, dropShowcase };
drop.SetAction(async (parseResult, cancellationToken) =>
{
    DropPlan plan;
    Uri ingress;
    try
    {
        ingress = ScenarioUris.ParseHttp(parseResult.GetValue(dropIngress)!);
        var clock = DropPlan.FromClock(DateTimeOffset.UtcNow, parseResult.GetValue(dropSessions), parseResult.GetValue(dropRows), parseResult.GetValue(dropSeats));
        plan = parseResult.GetValue(dropFirst) is { } first ? clock with { HallId = first, FirstSessionId = first } : clock;
        if (parseResult.GetValue(dropShowcase))
        {
            if (parseResult.GetValue(dropConventional))
            {
                throw new ArgumentException("--showcase needs the ingress's catalog; the conventional service has none.");
            }

            plan = plan with { Showcase = new DropShowcase(plan.HallId) };
        }

        plan.Validate();
    }
    catch (Exception error) when (error is FormatException or ArgumentException)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return Usage;
    }

    var adminKey = parseResult.GetValue(dropConventional) ? parseResult.GetValue(dropAdminKey)! : null;
    if (await SessionsOnSale.CreateAsync(ingress, plan, adminKey, cancellationToken).ConfigureAwait(false) is var code and not SessionsOnSale.Created)
    {
        return code;
    }

    Console.WriteLine($"{plan.FirstSessionId} {plan.LastSessionId} {plan.OrdersUrlTemplate(ingress)}");
    return Completed;
});

var fundWallet = new Option<string>("--wallet") { Description = "Base URL of the wallet (loopback).", DefaultValueFactory = _ => "http://127.0.0.1:5280" };
var fundFirst = new Option<long>("--first-buyer") { Description = "First buyer id.", DefaultValueFactory = _ => 1 };
var fundBuyers = LoadOptions.Positive("--buyers", "Buyers to fund (consecutive ids).", 1000);
var fundAmount = new Option<long>("--amount") { Description = "Minor units each buyer gets.", DefaultValueFactory = _ => 1_000_000 };
var fundCurrency = new Option<string>("--currency") { Description = "The wallet's currency.", DefaultValueFactory = _ => "EUR" };
var fundRun = new Option<string>("--run") { Description = "Names this funding in the provider's payment ids: the same run again pays nothing more (default: the clock)." };
var fund = new Command("fund", "Opens wallet accounts for a range of buyers and plays the payment provider: a signed callback of a succeeded payment for each.") { fundWallet, fundFirst, fundBuyers, fundAmount, fundCurrency, fundRun };
fund.SetAction(async (parseResult, cancellationToken) =>
{
    Uri wallet;
    var amount = parseResult.GetValue(fundAmount);
    try
    {
        wallet = ScenarioUris.ParseHttp(parseResult.GetValue(fundWallet)!);
        if (amount <= 0 || parseResult.GetValue(fundFirst) <= 0)
        {
            throw new FormatException("--amount and --first-buyer must be positive.");
        }
    }
    catch (FormatException error)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return Usage;
    }

    if (await TargetProbe.CheckAsync(wallet, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false) is { } unreachable)
    {
        await Console.Error.WriteLineAsync(unreachable).ConfigureAwait(false);
        return Unreachable;
    }

    if (BuyerTokens.FromEnvironment() is not { } buyerTokens || Environment.GetEnvironmentVariable(ProviderSecretVariable) is not { Length: > 0 } providerSecret)
    {
        await Console.Error.WriteLineAsync($"fund: set {BuyerTokens.KeyVariable} and {ProviderSecretVariable} to the services' secrets (eval \"$(./tb env)\")").ConfigureAwait(false);
        return Usage;
    }

    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    var started = System.Diagnostics.Stopwatch.StartNew();
    var run = parseResult.GetValue(fundRun) ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    var (first, buyers) = (parseResult.GetValue(fundFirst), parseResult.GetValue(fundBuyers));
    try
    {
        await new WalletFunder(client, wallet, parseResult.GetValue(fundCurrency)!, run, buyerTokens, providerSecret, TimeProvider.System).FundAsync(first, buyers, amount, cancellationToken).ConfigureAwait(false);
    }
    catch (DropFailedException error)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return NoStepHeld;
    }

    await Console.Error.WriteLineAsync($"fund: buyers {first}..{first + buyers - 1} topped up with {amount} each in {started.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
    return Completed;
});

var auditReport = new Option<FileInfo>("--report") { Description = "report.json of a post-json run with --poll-location.", Required = true };
var audit = new Command("audit", "Checks that every accepted request of a report reached a decision (no deadline outcomes); prints PASS/FAIL lines, exit 1 on a FAIL.") { auditReport };
audit.SetAction(async (parseResult, cancellationToken) =>
{
    RunReport report;
    try
    {
        report = JsonReport.Parse(await File.ReadAllTextAsync(parseResult.GetValue(auditReport)!.FullName, cancellationToken).ConfigureAwait(false));
    }
    catch (Exception error) when (error is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return Usage;
    }

    var checks = ReportAudit.Check(report);
    foreach (var check in checks)
    {
        Console.WriteLine(check);
    }

    return checks.All(check => check.Passed) ? Completed : NoStepHeld;
});

var compareTitle = new Option<string>("--title") { Description = "Heading of the table, such as 'hot drop, wrk -c64'.", Required = true };
var compareTicketBooking = new Option<FileInfo>("--ticketbooking") { Description = "TicketBooking's figures: a report.json of run, or a saved wrk output.", Required = true };
var compareConventional = new Option<FileInfo>("--conventional") { Description = "The conventional service's figures, the same kind of file.", Required = true };
var compareAppend = new Option<FileInfo?>("--append-to") { Description = "Also appends the table to this Markdown file (such as the run's compare.md)." };
var compare = new Command("compare", "Prints TicketBooking's and the conventional service's figures of one measurement side by side with the ratio TicketBooking / conventional.") { compareTitle, compareTicketBooking, compareConventional, compareAppend };
compare.SetAction(async (parseResult, cancellationToken) =>
{
    string table;
    try
    {
        var ticketBooking = FiguresFile.Parse(await File.ReadAllTextAsync(parseResult.GetValue(compareTicketBooking)!.FullName, cancellationToken).ConfigureAwait(false));
        var conventional = FiguresFile.Parse(await File.ReadAllTextAsync(parseResult.GetValue(compareConventional)!.FullName, cancellationToken).ConfigureAwait(false));
        table = ComparisonTable.Render(parseResult.GetValue(compareTitle)!, ticketBooking, conventional.AnswerIsDecision());
        if (parseResult.GetValue(compareAppend) is { } markdown)
        {
            await File.AppendAllTextAsync(markdown.FullName, table, cancellationToken).ConfigureAwait(false);
        }
    }
    catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return Usage;
    }

    Console.Write(table);
    return Completed;
});

var tokensFirst = new Option<long>("--first-buyer") { Description = "First buyer id.", DefaultValueFactory = _ => 1 };
var tokensBuyers = LoadOptions.Positive("--buyers", "Buyers (consecutive ids).", 1000);
var tokensOut = new Option<FileInfo>("--out") { Description = "File to write, one 'Bearer ...' Authorization value per line, buyer by buyer.", Required = true };
var tokensCommand = new Command("tokens", "Writes synthetic buyers' Authorization header values to a file (for wrk-orders.lua).") { tokensFirst, tokensBuyers, tokensOut };
tokensCommand.SetAction(async (parseResult, cancellationToken) =>
{
    if (BuyerTokens.FromEnvironment() is not { } tokens || parseResult.GetValue(tokensFirst) <= 0)
    {
        await Console.Error.WriteLineAsync($"tokens: --first-buyer must be positive and {BuyerTokens.KeyVariable} set to the services' token key (eval \"$(./tb env)\")").ConfigureAwait(false);
        return Usage;
    }

    var first = parseResult.GetValue(tokensFirst);
    var lines = Enumerable.Range(0, parseResult.GetValue(tokensBuyers)).Select(offset => tokens.AuthorizationFor(first + offset));
    await File.WriteAllLinesAsync(parseResult.GetValue(tokensOut)!.FullName, lines, cancellationToken).ConfigureAwait(false);
    return Completed;
});

var queueOptions = new QueueOptions();
var queue = queueOptions.Create();
queue.SetAction(async (parseResult, cancellationToken) =>
{
    QueueSettings settings;
    try
    {
        settings = queueOptions.Settings(parseResult, DateTimeOffset.UtcNow);
    }
    catch (FormatException error)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return Usage;
    }

    if (BuyerTokens.FromEnvironment() is not { } tokens)
    {
        await Console.Error.WriteLineAsync($"queue: set {BuyerTokens.KeyVariable} to the services' token key (eval \"$(./tb env)\")").ConfigureAwait(false);
        return Usage;
    }

    if (await TargetProbe.CheckAsync(settings.Ingress, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false) is { } unreachable)
    {
        await Console.Error.WriteLineAsync(unreachable).ConfigureAwait(false);
        return Unreachable;
    }

    using var client = QueueRun.CreateClient(settings);
    try
    {
        return await new QueueRun(settings, tokens, client, Console.Out, TimeProvider.System).RunAsync(cancellationToken).ConfigureAwait(false);
    }
    catch (Exception error) when (error is QueueCallException or DropFailedException or HttpRequestException)
    {
        await Console.Error.WriteLineAsync($"queue: {OneLine(error.Message)}").ConfigureAwait(false);
        return NoStepHeld;
    }
});

var root = new RootCommand("TicketBooking open-model HTTP load generator. 'orchestrate' is ./tb load: the whole local load test (orchestrate --help).") { run, ramp, serve, drop, fund, tokensCommand, audit, compare, queue };

// ./tb load: the whole local load test, which runs the commands above in this process. Its options are ./tb load's
// own (with its --help), so they bypass the parser of the generator's commands; interrupting it is its own business.
if (args is [LoadOrchestrator.CommandName, .. var orchestration])
{
    var inProcess = new InvocationConfiguration { ProcessTerminationTimeout = null };
    return await LoadOrchestrator.MainAsync(orchestration, (arguments, cancellationToken) => InvokeAsync(root.Parse([.. arguments]), inProcess, cancellationToken)).ConfigureAwait(false);
}

return await InvokeAsync(root.Parse(args), configuration: null, CancellationToken.None).ConfigureAwait(false);

static async Task<int> InvokeAsync(ParseResult parsed, InvocationConfiguration? configuration, CancellationToken cancellationToken)
{
    if (parsed.Errors.Count > 0)
    {
        await Console.Error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(error => OneLine(error.Message).TrimEnd('.')))).ConfigureAwait(false);
        return Usage;
    }

    return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
}

static async Task<int> RunAsync(LoadOptions options, ParseResult parseResult, IReadOnlyList<double> rates, RampPolicy? policy, CancellationToken cancellationToken)
{
    LoadTest test;
    Uri probe;
    try
    {
        var settings = options.Settings(parseResult);
        (var scenario, probe) = await options.ScenarioAsync(parseResult, cancellationToken).ConfigureAwait(false);
        test = new LoadTest(scenario, settings, Console.Out);
    }
    catch (Exception error) when (error is FormatException or IOException or ArgumentException)
    {
        await Console.Error.WriteLineAsync(OneLine(error.Message)).ConfigureAwait(false);
        return Usage;
    }

    if (await TargetProbe.CheckAsync(probe, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false) is { } unreachable)
    {
        await Console.Error.WriteLineAsync(unreachable).ConfigureAwait(false);
        return Unreachable;
    }

    var report = await test.RunAsync(rates, options.Warmup(parseResult), options.MeasuredDuration(parseResult), policy, options.OutFolder(parseResult), cancellationToken).ConfigureAwait(false);
    return report.Ramp is { HighestPassingRate: null } ? NoStepHeld : Completed;
}

static string OneLine(string message) => CliValues.OneLine(message);
