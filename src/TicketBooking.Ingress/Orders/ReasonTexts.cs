using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ingress.Orders;

/// <summary>Why an order was rejected, in words for the buyer; a released order's reason is the payment's own words already.</summary>
public static class ReasonTexts
{
    private static readonly Dictionary<string, string> Rejections = new(StringComparer.Ordinal)
    {
        [nameof(RejectReason.UnknownSession)] = "the session is not known",
        [nameof(RejectReason.SessionClosed)] = "the session is not on sale any more",
        [nameof(RejectReason.InvalidRequest)] = "the request is not valid",
        [nameof(RejectReason.InvalidSeat)] = "a seat does not exist",
        [nameof(RejectReason.SeatTaken)] = "those seats are taken",
        [nameof(RejectReason.SoldOut)] = "sold out",
        [nameof(RejectReason.NoAdjacentSeats)] = "no seats together",
        [nameof(RejectReason.OverBuyerLimit)] = "over the seats per buyer",
        [nameof(RejectReason.DuplicateOrder)] = "the order was placed before",
        [nameof(RejectReason.PriceOverflow)] = "the price is too large",
        [nameof(RejectReason.UnknownPromoCode)] = "the promo code is not known for this session",
        [nameof(RejectReason.PromoCodeNotActive)] = "the promo code is not valid at this time",
        [nameof(RejectReason.PromoCodeUsedUp)] = "the promo code has been used up",
        [nameof(RejectReason.PromoCodeBuyerLimit)] = "you have used this promo code as often as allowed",
        [nameof(RejectReason.PromoCodeNotApplicable)] = "the promo code does not apply to these seats",
    };

    /// <summary>The words for a rejected order's reason; a released order's reason as it is; null otherwise.</summary>
    public static string? Of(OrderState state, string? reason) => reason is null ? null : state switch
    {
        OrderState.Rejected => Rejections.GetValueOrDefault(reason, reason),
        OrderState.Released => reason,
        _ => null,
    };
}
