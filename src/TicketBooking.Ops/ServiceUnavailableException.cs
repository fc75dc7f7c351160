namespace TicketBooking.Ops;

/// <summary>NATS, PostgreSQL or a stream the command needs is not there; the message is the one line an operator sees.</summary>
public sealed class ServiceUnavailableException : Exception
{
    public ServiceUnavailableException()
    {
    }

    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
