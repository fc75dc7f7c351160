namespace TicketBooking.LoadTests.Running;

/// <summary>
/// One step of a load test: requests arrive at a constant <see cref="Rate"/> for
/// <see cref="Warmup"/> (sent, not recorded) and then <see cref="Duration"/> (recorded).
/// </summary>
public sealed record LoadStep(double Rate, TimeSpan Warmup, TimeSpan Duration)
{
    /// <summary>Checks the step can be scheduled.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Rate) || Rate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "The arrival rate must be a positive number of requests per second.");
        }

        if (Warmup < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "The warm-up cannot be negative.");
        }

        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "The duration must be positive.");
        }
    }
}
