namespace TicketBooking.LoadTests.Running;

/// <summary>
/// When each request of a step is due: request <c>i</c> at <c>i / rate</c> seconds after the step's
/// start, whatever happened to earlier requests. This is the open model: the offered load never
/// depends on how fast the target answers.
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly double _ticksPerRequest;

    /// <param name="step">Rate, warm-up and duration.</param>
    /// <param name="timestampFrequency">Units of the offsets per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public ArrivalSchedule(LoadStep step, long timestampFrequency)
    {
        ArgumentNullException.ThrowIfNull(step);
        step.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(timestampFrequency, 1);
        Rate = step.Rate;
        _ticksPerRequest = timestampFrequency / step.Rate;
        Count = RequestsBefore(step.Warmup + step.Duration, step.Rate);
        FirstMeasured = RequestsBefore(step.Warmup, step.Rate);
    }

    /// <summary>Requests per second.</summary>
    public double Rate { get; }

    /// <summary>Requests in the whole step, warm-up included.</summary>
    public long Count { get; }

    /// <summary>Index of the first request scheduled after the warm-up; it and all later ones are recorded.</summary>
    public long FirstMeasured { get; }

    /// <summary>Requests scheduled in the measured part of the step.</summary>
    public long MeasuredCount => Count - FirstMeasured;

    /// <summary>Timestamp units from the step's start to the scheduled start of request <paramref name="index"/>.</summary>
    public long OffsetOf(long index) => (long)(index * _ticksPerRequest);

    /// <summary>Whether request <paramref name="index"/> falls after the warm-up.</summary>
    public bool IsMeasured(long index) => index >= FirstMeasured;

    // The number of i >= 0 with i / rate < span, so a 20 s step at 2000/s has exactly 40,000 requests.
    private static long RequestsBefore(TimeSpan span, double rate) =>
        span <= TimeSpan.Zero ? 0 : (long)Math.Ceiling((span.TotalSeconds * rate) - 1e-9);
}
