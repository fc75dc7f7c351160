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

/// <summary>
/// One row: its label (as printed on the ticket), the price category of each seat left to right, each seat's
/// <see cref="SeatTraits"/> (absent: none), and the section it belongs to. Rows next to each other in the layout
/// with the same section are physically adjacent, which is what splitting a block across two rows relies on.
/// </summary>
[MessagePackObject]
public sealed record RowLayout(
    [property: Key(0)] string Label,
    [property: Key(1)] byte[] SeatCategories,
    [property: Key(2)] byte[]? Traits = null,
    [property: Key(3)] int Section = 0)
{
    public SeatTraits TraitsOf(int seatInRow) => Traits is { } traits ? (SeatTraits)traits[seatInRow] : SeatTraits.None;
}

/// <summary>What a seat is besides its category: seats kept for wheelchair users and for those who come with them.</summary>
[Flags]
public enum SeatTraits : byte
{
    None = 0,
    Accessible = 1,
    Companion = 2,
}
