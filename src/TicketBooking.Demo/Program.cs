using System.CommandLine;
using Microsoft.Extensions.Configuration;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TicketBooking.Demo;
using TicketBooking.ServiceDefaults;

var purchases = PurchasesOption(200_000);
var seed = SeedOption();
var inProcess = new Command("in-process", "Pushes a generated ticket drop for a 20,000-seat hall through one in-process partition (no services) and prints the outcome.")
{
    purchases,
    seed,
};
inProcess.SetAction(async (parseResult, cancellationToken) =>
    await DropDemo.RunAsync(parseResult.GetValue(purchases), parseResult.GetValue(seed), Console.Out, cancellationToken).ConfigureAwait(false));

var durablePurchases = PurchasesOption(20_000);
var durableSeed = SeedOption();
var engine = new Option<string>("--engine")
{
    Description = "The running engine host that takes the drop: its /partitions says which partitions it hosts and runs.",
    DefaultValueFactory = _ => "http://127.0.0.1:5080",
};
engine.Validators.Add(result =>
{
    if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out _))
    {
        result.AddError("--engine must be an absolute URL such as http://127.0.0.1:5080.");
    }
});
var durable = new Command(
    "durable",
    "Publishes a generated drop for a new session into TB_INPUT (TB_NATS_URL, as TB_NATS_USER with TB_NATS_PASSWORD), follows the journal of a running engine host, pays for most holds, prints the outcome and audits the partition's journal.")
{
    durablePurchases,
    durableSeed,
    engine,
};
durable.SetAction(async (parseResult, cancellationToken) =>
{
    var connections = ServiceConnections.From(new ConfigurationBuilder().AddEnvironmentVariables().Build());
    await using var nats = new NatsConnection(connections.NatsOptions("TicketBooking.Demo"));
    using var http = new HttpClient { BaseAddress = new Uri(parseResult.GetValue(engine)!) };
    var demo = new DurableDropDemo(
        new DemoSettings(parseResult.GetValue(durablePurchases), parseResult.GetValue(durableSeed)),
        new NatsJSContext(nats),
        new EngineHostPartitions(http));
    return await demo.RunAsync(cancellationToken).ConfigureAwait(false) ? 0 : 1;
});

var root = new RootCommand("TicketBooking demos: a generated ticket drop, in process or through a running engine host.") { inProcess, durable };
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
