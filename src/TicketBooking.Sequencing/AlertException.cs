namespace TicketBooking.Sequencing;

/// <summary>
/// Thrown by <see cref="SequenceBarrier.WaitFor"/> once the barrier has been alerted, to pull a
/// waiting consumer out of its wait (for example on shutdown).
/// </summary>
public sealed class AlertException : Exception
{
    public AlertException()
        : base("The sequence barrier was alerted.")
    {
    }

    public AlertException(string message)
        : base(message)
    {
    }

    public AlertException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
