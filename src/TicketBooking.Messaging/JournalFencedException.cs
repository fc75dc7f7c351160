namespace TicketBooking.Messaging;

/// <summary>
/// The journal refused a batch because its subject moved on without us: another engine wrote this
/// partition. This engine's state is no longer the partition's, and it must stop writing.
/// </summary>
public sealed class JournalFencedException : Exception
{
    public JournalFencedException()
    {
    }

    public JournalFencedException(string message)
        : base(message)
    {
    }

    public JournalFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
