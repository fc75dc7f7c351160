using MessagePack;

namespace TicketBooking.Engine.Commands;

/// <summary>
/// Which seats a purchase wants: the explicit <see cref="SeatIds"/> when given, otherwise the best
/// <see cref="Count"/> adjacent seats of <see cref="Category"/>, picked as <see cref="Preferences"/> say.
/// </summary>
[MessagePackObject]
public sealed record SeatRequest(
    [property: Key(0)] int[]? SeatIds,
    [property: Key(1)] int Count,
    [property: Key(2)] int Category,
    [property: Key(3)] SeatPreferences Preferences = SeatPreferences.None)
{
    public static SeatRequest Explicit(params int[] seatIds) => new(seatIds, seatIds.Length, 0);

    public static SeatRequest Adjacent(int count, int category, SeatPreferences preferences = SeatPreferences.None) =>
        new(null, count, category, preferences);

    [IgnoreMember]
    public bool IsExplicit => SeatIds is not null;

    [IgnoreMember]
    public int SeatCount => SeatIds?.Length ?? Count;
}

/// <summary>How a best-available request is served.</summary>
[Flags]
public enum SeatPreferences : byte
{
    None = 0,

    /// <summary>The block includes at least one accessible seat (accessible and companion seats are otherwise never picked).</summary>
    Accessible = 1,

    /// <summary>When no row holds the whole block, seat it across two adjacent rows of one section instead of rejecting.</summary>
    SplitAcrossRows = 2,
}
