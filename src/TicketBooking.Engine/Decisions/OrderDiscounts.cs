using MessagePack;

namespace TicketBooking.Engine.Decisions;

/// <summary>
/// How an order's price came down from its list price: <c>Amount = ListAmount - PromoDiscount - PointsSpent</c>,
/// where <see cref="OrderHeld.Amount"/> is the money due. <see cref="PromoCodeId"/> is 0 when no code was used;
/// <see cref="PointsSpent"/> loyalty points (one point is one minor unit) are taken by the wallet with the money.
/// </summary>
[MessagePackObject]
public sealed record OrderDiscounts(
    [property: Key(0)] long ListAmount,
    [property: Key(1)] long PromoCodeId,
    [property: Key(2)] long PromoDiscount,
    [property: Key(3)] long PointsSpent);
