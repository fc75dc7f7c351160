namespace TicketBooking.LoadTests.Reporting;

/// <summary>Whether a step held: its reason when it did not.</summary>
public sealed record StepVerdict(bool Passed, string? Reason)
{
    /// <summary>The step held.</summary>
    public static StepVerdict Pass { get; } = new(true, null);
}
