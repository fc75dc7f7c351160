namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// One process of a local load test: started as <c>dotnet <see cref="Dll"/> <see cref="Arguments"/></c> in
/// <see cref="ProjectDirectory"/> (its content root) with the NATS user <see cref="NatsUser"/>, ready once
/// <c>http://127.0.0.1:<see cref="Port"/>/health/ready</c> answers 200.
/// </summary>
/// <param name="Name">As the log names it: <c>engine host</c>, <c>ingress-2</c>.</param>
/// <param name="Instance">Its log (<c>INSTANCE.log</c> in the report folder) and PID file (<c>.run/load-INSTANCE.pid</c>): <c>engine</c>, <c>ingress-2</c>.</param>
/// <param name="CpuName">Its row of the CPU table: <c>engine-host</c>, <c>wallet-2</c>; null when not measured.</param>
/// <param name="NatsUser">The NATS user it connects as; null keeps the caller's.</param>
public sealed record ServiceSpec(
    string Name,
    string Instance,
    string? CpuName,
    string? NatsUser,
    string ProjectDirectory,
    string Dll,
    IReadOnlyList<string> Arguments,
    int Port)
{
    /// <summary>Where it listens.</summary>
    public string Url => $"http://127.0.0.1:{Port}";
}
