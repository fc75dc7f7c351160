namespace TicketBooking.Audit;

/// <summary>A ledger entry that belongs to an order: a debit for it or a refund of it.</summary>
public sealed record LedgerMovement(Guid OrderId, long BuyerId, LedgerEntryKind Kind, long Amount);

/// <summary>Buyers <see cref="First"/> .. <see cref="Last"/>, both included.</summary>
public readonly record struct BuyerRange(long First, long Last)
{
    public bool Contains(long buyerId) => buyerId >= First && buyerId <= Last;

    public override string ToString() => $"{First}..{Last}";
}

public enum LedgerEntryKind
{
    Debit = 1,
    Refund = 2,
}

/// <summary>
/// The ledger's sums (minor units), and the accounts whose balance is not the sum of their entries. Each amount
/// fits in a <see cref="long"/>, but a sum over many accounts need not.
/// </summary>
public sealed record LedgerTotals(Int128 TopUps, Int128 Debits, Int128 Refunds, Int128 Balances, IReadOnlyList<long> AccountsOutOfBalance);
