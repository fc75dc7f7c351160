using MessagePack;

namespace TicketBooking.Engine.Inventory;

/// <summary>
/// A hall's seats as rows, listed best-first (front to back unless the organizer orders them otherwise).
/// Seat ids are the seats' positions in this row-major order, starting at 0.
/// </summary>
[MessagePackObject]
public sealed record SessionLayout([property: Key(0)] IReadOnlyList<RowLayout> Rows)
{
    public const int MaxSeats = 100_000;

    [IgnoreMember]
    public int SeatCount => Rows.Sum(row => row.SeatCategories.Length);
}

/// <summary>One row: its label (as printed on the ticket) and the price category of each seat, left to right.</summary>
[MessagePackObject]
public sealed record RowLayout([property: Key(0)] string Label, [property: Key(1)] byte[] SeatCategories);
