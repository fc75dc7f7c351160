using MessagePack;

namespace TicketBooking.Engine.Commands;

/// <summary>
/// Which seats a purchase wants: the explicit <see cref="SeatIds"/> when given, otherwise
/// <see cref="Count"/> adjacent seats of <see cref="Category"/>.
/// </summary>
[MessagePackObject]
public sealed record SeatRequest(
    [property: Key(0)] int[]? SeatIds,
    [property: Key(1)] int Count,
    [property: Key(2)] int Category)
{
    public static SeatRequest Explicit(params int[] seatIds) => new(seatIds, seatIds.Length, 0);

    public static SeatRequest Adjacent(int count, int category) => new(null, count, category);

    [IgnoreMember]
    public bool IsExplicit => SeatIds is not null;

    [IgnoreMember]
    public int SeatCount => SeatIds?.Length ?? Count;
}
