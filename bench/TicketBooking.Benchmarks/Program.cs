using BenchmarkDotNet.Running;
using TicketBooking.Benchmarks;
using TicketBooking.Benchmarks.CatchUp;

if (args is ["catchup", .. var rest])
{
    try
    {
        return await CatchUpMeasurement.RunAsync(CatchUpSettings.Parse(rest));
    }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync($"catchup: {e.Message}");
        return 2;
    }
}

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
return 0;
