using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Cli;

/// <summary>A whole run from the CLI: steps in order, progress and the table on the console, report files.</summary>
public sealed class LoadTest
{
    private readonly IScenario _scenario;
    private readonly LoadSettings _settings;
    private readonly TextWriter _output;

    /// <param name="scenario">What to send.</param>
    /// <param name="settings">How.</param>
    /// <param name="output">Progress and the final table.</param>
    public LoadTest(IScenario scenario, LoadSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        _scenario = scenario;
        _settings = settings;
        _output = output;
    }

    /// <summary>
    /// Runs one step per rate (all when <paramref name="policy"/> is null, else until a step fails
    /// it), writes the reports into <paramref name="folder"/> (the default folder when null) and
    /// returns the report.
    /// </summary>
    public async Task<RunReport> RunAsync(IReadOnlyList<double> rates, TimeSpan warmup, TimeSpan duration, RampPolicy? policy, string? folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var startedAt = DateTimeOffset.UtcNow;
        using var client = LoadClient.Create(_settings);
        var runner = new StepRunner(client, _scenario, _settings, TimeProvider.System);
        _output.WriteLine($"{_scenario.Name}: {_scenario.Description}");

        async Task<StepReport> RunStep(int number, double rate)
        {
            var step = new LoadStep(rate, warmup, duration);
            _output.WriteLine($"step {number}: {ReportFormat.Rate(rate)}/s, {warmup.TotalSeconds:0.###} s warm-up + {duration.TotalSeconds:0.###} s measured ...");
            var report = StepReport.Create(number, await runner.RunAsync(step, cancellationToken).ConfigureAwait(false));
            _output.WriteLine($"step {number}: {ReportFormat.Number(report.Ok)} ok, {ReportFormat.Number(report.Failed)} failed, {ReportFormat.Number(report.Dropped)} dropped, p99 {ReportFormat.Ms(report.Latency?.P99)} ms");
            return report;
        }

        RunReport report;
        if (policy is null)
        {
            var steps = new List<StepReport>();
            for (int i = 0; i < rates.Count; i++)
            {
                steps.Add(await RunStep(i + 1, rates[i]).ConfigureAwait(false));
            }

            report = NewReport("run", startedAt, steps, ramp: null);
        }
        else
        {
            var ramp = await Ramp.RunAsync(rates, policy, RunStep).ConfigureAwait(false);
            report = NewReport("ramp", startedAt, ramp.Steps, new RampSummary(policy.P99Limit.TotalMilliseconds, policy.ErrorRateLimit, ramp.HighestPassingRate, ramp.StopReason));
        }

        _output.WriteLine();
        ConsoleTable.Write(report, _output);
        var (markdown, json) = await ReportFiles.WriteAsync(report, folder ?? ReportFiles.DefaultFolder(startedAt), cancellationToken).ConfigureAwait(false);
        _output.WriteLine($"reports: {markdown}, {json}");
        return report;
    }

    private RunReport NewReport(string command, DateTimeOffset startedAt, IReadOnlyList<StepReport> steps, RampSummary? ramp) => new()
    {
        Command = command,
        Scenario = _scenario.Name,
        Description = _scenario.Description,
        StartedAt = startedAt,
        Machine = MachineInfo.Current(),
        Settings = new RunSettings(_settings.MaxInFlight, _settings.MaxConnectionsPerServer, _settings.RequestTimeout.TotalSeconds, _settings.LateAfter.TotalMilliseconds, _settings.Seed),
        Steps = steps,
        Ramp = ramp,
    };
}
