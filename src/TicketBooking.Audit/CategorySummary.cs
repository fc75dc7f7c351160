namespace TicketBooking.Audit;

/// <summary>Seats of one category of a session: held (awaiting payment), sold, free.</summary>
public sealed record CategorySummary(int Category, int Held, int Sold, int Free)
{
    public int Capacity => Held + Sold + Free;
}
