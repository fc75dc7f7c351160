using TicketBooking.Engine.Promotions;

namespace TicketBooking.Engine.State;

/// <summary>
/// A promo code defined in the partition, and its uses: the orders holding or owning seats with it. A use is
/// taken when an order is held with the code and given back when that order is released, expires or is cancelled,
/// so the counts follow from the orders (a snapshot stores the terms and the orders' code ids, not the counts).
/// </summary>
public sealed class PromoCodeState(PromoCodeTerms terms)
{
    private readonly Dictionary<long, int> _usesByBuyer = [];

    public PromoCodeTerms Terms { get; } = terms;

    public long Uses { get; private set; }

    public IReadOnlyDictionary<long, int> UsesByBuyer => _usesByBuyer;

    public int UsesOf(long buyerId) => _usesByBuyer.GetValueOrDefault(buyerId);

    public bool IsUsedUp => Terms.MaxUses > 0 && Uses >= Terms.MaxUses;

    public bool IsUsedUpBy(long buyerId) => Terms.MaxUsesPerBuyer > 0 && UsesOf(buyerId) >= Terms.MaxUsesPerBuyer;

    internal void Take(long buyerId)
    {
        Uses++;
        _usesByBuyer[buyerId] = UsesOf(buyerId) + 1;
    }

    internal void GiveBack(long buyerId)
    {
        Uses--;
        var left = UsesOf(buyerId) - 1;
        if (left == 0)
        {
            _usesByBuyer.Remove(buyerId);
        }
        else
        {
            _usesByBuyer[buyerId] = left;
        }
    }
}
