using System.CommandLine;
using TicketBooking.Engine.Host;

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
var run = new Command("run", "Hosts engine partitions: reads TB_INPUT, journals to TB_DECISIONS, snapshots to PostgreSQL (TB_NATS_URL, TB_PG).")
{
    partitions,
    preferred,
    urls,
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

    await using var app = EngineHostBuilder.Build([.. hostArgs]);
    await app.RunAsync(cancellationToken).ConfigureAwait(false);
    return 0;
});

var root = new RootCommand("TicketBooking engine host.") { run };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(error => error.Message))).ConfigureAwait(false);
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
