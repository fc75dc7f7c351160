using System.Runtime.InteropServices;

namespace TicketBooking.LoadTests.Reporting;

/// <summary>Everything a run writes: what was run, where, on what, and each step's figures.</summary>
public sealed record RunReport
{
    /// <summary><c>run</c> or <c>ramp</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Scenario name.</summary>
    public required string Scenario { get; init; }

    /// <summary>What the scenario sends where.</summary>
    public required string Description { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The machine the generator ran on.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>Settings that shape the figures.</summary>
    public required RunSettings Settings { get; init; }

    /// <summary>The steps run, in order.</summary>
    public required IReadOnlyList<StepReport> Steps { get; init; }

    /// <summary>The ramp's conclusion; null for a constant run.</summary>
    public RampSummary? Ramp { get; init; }
}

/// <summary>The generator's machine.</summary>
public sealed record MachineInfo(int ProcessorCount, string Os, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current() => new(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
}

/// <summary>The settings of a run as reported.</summary>
public sealed record RunSettings(int MaxInFlight, int MaxConnectionsPerServer, double RequestTimeoutSeconds, double LateAfterMs, int Seed);

/// <summary>A ramp's limits and result.</summary>
public sealed record RampSummary(double P99LimitMs, double ErrorRateLimit, double? HighestPassingRate, string? StopReason);
