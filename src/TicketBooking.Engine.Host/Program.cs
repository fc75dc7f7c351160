using System.CommandLine;
using TicketBooking.Engine.Host.Demo;

var purchases = new Option<int>("--purchases")
{
    Description = "Purchase requests in the generated drop.",
    DefaultValueFactory = _ => 200_000,
};
var seed = new Option<int>("--seed")
{
    Description = "Seed of the generated buyers, so a drop can be repeated.",
    DefaultValueFactory = _ => 42,
};
var demo = new Command("demo", "Pushes a generated ticket drop for a 20,000-seat hall through one in-process partition and prints the outcome.")
{
    purchases,
    seed,
};
purchases.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 1 or > 10_000_000)
    {
        result.AddError("--purchases must be between 1 and 10,000,000.");
    }
});
demo.SetAction(async (parseResult, cancellationToken) =>
    await DropDemo.RunAsync(parseResult.GetValue(purchases), parseResult.GetValue(seed), Console.Out, cancellationToken).ConfigureAwait(false));

var root = new RootCommand("TicketBooking engine host.") { demo };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(error => error.Message))).ConfigureAwait(false);
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
