using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.State;

public sealed class SessionState
{
    private readonly BuyerSeatCountDictionary _seatsByBuyer = new();

    public SessionState(
        long sessionId,
        SessionLayout layout,
        long[] categoryPrices,
        long holdTimeoutMs,
        int maxSeatsPerBuyer,
        long showStartsAtMs,
        int maxHoldExtensions = 0)
    {
        SessionId = sessionId;
        Layout = layout;
        CategoryPrices = categoryPrices;
        HoldTimeoutMs = holdTimeoutMs;
        MaxSeatsPerBuyer = maxSeatsPerBuyer;
        ShowStartsAtMs = showStartsAtMs;
        MaxHoldExtensions = maxHoldExtensions;
        Seats = new SeatMap(layout, categoryPrices.Length);
    }

    public long SessionId { get; }

    public SessionLayout Layout { get; }

    public long[] CategoryPrices { get; }

    public long HoldTimeoutMs { get; }

    public int MaxSeatsPerBuyer { get; }

    public long ShowStartsAtMs { get; }

    /// <summary>How often one hold may be extended (0: never).</summary>
    public int MaxHoldExtensions { get; }

    public SeatMap Seats { get; }

    public bool Closed
    {
        get;
        set
        {
            field = value;
            Changes++;
        }
    }

    /// <summary>Counts changes to the seats or the sale, so that observers can tell what to publish. Not part of a snapshot.</summary>
    public long Changes { get; private set; }

    public long NextTicketNumber { get; set; } = 1;

    public IReadOnlyDictionary<long, int> SeatsByBuyer => _seatsByBuyer;

    public int SeatsOf(long buyerId) => _seatsByBuyer.SeatsOf(buyerId);

    /// <summary>The sum of the seats' prices; null when it is more than an amount can hold.</summary>
    public long? PriceOf(ReadOnlySpan<int> seats)
    {
        long amount = 0;
        try
        {
            foreach (var seat in seats)
            {
                amount = checked(amount + CategoryPrices[Seats.CategoryOf(seat)]);
            }
        }
        catch (OverflowException)
        {
            return null;
        }

        return amount;
    }

    internal void Occupy(long buyerId, int[] seats)
    {
        Seats.Take(seats);
        Changes++;
        _seatsByBuyer.Add(buyerId, seats.Length);
    }

    internal void Vacate(long buyerId, int[] seats)
    {
        Seats.Release(seats);
        Changes++;
        _seatsByBuyer.Add(buyerId, -seats.Length);
    }
}
