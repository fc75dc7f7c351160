using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Promotions;

/// <summary>
/// From an order's list price to the money due: the promo code first (percent of the list price of the seats in
/// the code's categories, rounded down; a fixed amount capped at that price), then loyalty points capped at what
/// is left. Amounts stay at or above zero and <c>Amount = ListAmount - PromoDiscount - PointsSpent</c>.
/// </summary>
public static class OrderPricing
{
    /// <summary>
    /// The price of <paramref name="seats"/>, whose list price is <paramref name="listAmount"/>; null when
    /// <paramref name="promoCode"/> discounts none of them (they are all of other categories).
    /// </summary>
    public static OrderPrice? Price(SessionState session, ReadOnlySpan<int> seats, long listAmount, PromoCodeState? promoCode, long pointsToSpend)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(pointsToSpend);
        var promoDiscount = 0L;
        if (promoCode is not null)
        {
            if (EligibleListAmount(session, seats, promoCode.Terms) is not { } eligible)
            {
                return null;
            }

            promoDiscount = DiscountOf(promoCode.Terms, eligible);
        }

        var points = Math.Min(pointsToSpend, listAmount - promoDiscount);
        var amount = listAmount - promoDiscount - points;
        return promoCode is null && points == 0
            ? new OrderPrice(amount, null)
            : new OrderPrice(amount, new OrderDiscounts(listAmount, promoCode?.Terms.PromoCodeId ?? 0, promoDiscount, points));
    }

    /// <summary>What the code takes off an eligible list price: never more than that price, never below zero.</summary>
    public static long DiscountOf(PromoCodeTerms terms, long eligibleListAmount)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Kind == PromoKind.Percent
            ? (long)((Int128)eligibleListAmount * terms.Value / 100)
            : Math.Min(terms.Value, eligibleListAmount);
    }

    // The seats' prices already summed without overflow, so a part of them cannot overflow.
    private static long? EligibleListAmount(SessionState session, ReadOnlySpan<int> seats, PromoCodeTerms terms)
    {
        long? eligible = null;
        foreach (var seat in seats)
        {
            var category = session.Seats.CategoryOf(seat);
            if (terms.AppliesToCategory(category))
            {
                eligible = (eligible ?? 0) + session.CategoryPrices[category];
            }
        }

        return eligible;
    }
}

/// <summary>The money due for an order, and how it came down from the list price (null: it did not).</summary>
public readonly record struct OrderPrice(long Amount, OrderDiscounts? Discounts);
