using System.CommandLine;
using TicketBooking.Engine.Host;
using TicketBooking.Engine.Host.Demo;

var partitions = new Option<string>("--partitions")
{
    Description = "Partitions to host: 'all' or a list such as '0-3,7'. Overrides Engine:Partitions.",
};
var preferred = new Option<string>("--preferred")
{
    Description = "Of those partitions, the ones to take at once: 'all' or a list. The others are taken only after Engine:OthersDelay, and then whenever their owner dies. Overrides Engine:PreferredPartitions.",
};
var urls = new Option<string>("--urls")
{
    Description = "Where health (/health/live, /health/ready), /partitions and /metrics are served.",
    DefaultValueFactory = _ => "http://127.0.0.1:5080",
};
var withDemo = new Option<bool>("--demo")
{
    Description = "Once up, publish a generated drop for a new session through JetStream, print its outcome, and keep running.",
};
var durablePurchases = PurchasesOption(20_000);
var durableSeed = SeedOption();
var run = new Command("run", "Hosts engine partitions: reads TB_INPUT, journals to TB_DECISIONS, snapshots to PostgreSQL (TB_NATS_URL, TB_PG).")
{
    partitions,
    preferred,
    urls,
    withDemo,
    durablePurchases,
    durableSeed,
};
run.SetAction(async (parseResult, cancellationToken) =>
{
    var hostArgs = new List<string> { "--urls", parseResult.GetValue(urls)! };
    if (parseResult.GetValue(partitions) is { } list)
    {
        hostArgs.Add($"--Engine:Partitions={list}");
    }

    if (parseResult.GetValue(preferred) is { } preferredList)
    {
        hostArgs.Add($"--Engine:PreferredPartitions={preferredList}");
    }

    var demo = parseResult.GetValue(withDemo) ? new DemoSettings(parseResult.GetValue(durablePurchases), parseResult.GetValue(durableSeed)) : null;
    await using var app = EngineHostBuilder.Build([.. hostArgs], demo);
    await app.RunAsync(cancellationToken).ConfigureAwait(false);
    return 0;
});

var purchases = PurchasesOption(200_000);
var seed = SeedOption();
var demo = new Command("demo", "Pushes a generated ticket drop for a 20,000-seat hall through one in-process partition (no services) and prints the outcome.")
{
    purchases,
    seed,
};
demo.SetAction(async (parseResult, cancellationToken) =>
    await DropDemo.RunAsync(parseResult.GetValue(purchases), parseResult.GetValue(seed), Console.Out, cancellationToken).ConfigureAwait(false));

var root = new RootCommand("TicketBooking engine host.") { run, demo };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(error => error.Message))).ConfigureAwait(false);
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);

static Option<int> PurchasesOption(int defaultValue)
{
    var option = new Option<int>("--purchases")
    {
        Description = "Purchase requests in the generated drop.",
        DefaultValueFactory = _ => defaultValue,
    };
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() is < 1 or > 10_000_000)
        {
            result.AddError("--purchases must be between 1 and 10,000,000.");
        }
    });
    return option;
}

static Option<int> SeedOption() => new("--seed")
{
    Description = "Seed of the generated buyers, so a drop can be repeated.",
    DefaultValueFactory = _ => 42,
};
