using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Wallet.Settlement;

/// <summary>An order held by the engine, awaiting payment of <see cref="Amount"/> minor units.</summary>
public sealed record HeldOrder(Guid OrderId, long SessionId, long BuyerId, long Amount);

/// <summary>Money taken for an order that must go back to the buyer.</summary>
public sealed record DueRefund(Guid OrderId, long SessionId, long BuyerId, long Amount);

/// <summary>
/// What a batch of journal messages asks of the wallet: the held orders to pay and the refunds due,
/// each order once (in journal order; a repeat of the same order within the batch is dropped).
/// </summary>
public sealed record SettlementWork(IReadOnlyList<HeldOrder> Holds, IReadOnlyList<DueRefund> Refunds)
{
    public bool IsEmpty => Holds.Count == 0 && Refunds.Count == 0;

    public int Count => Holds.Count + Refunds.Count;

    /// <summary>
    /// The first half of the orders and the second, holds before refunds as they are settled, so that a refund
    /// of an order held in the same work comes after its hold.
    /// </summary>
    public (SettlementWork First, SettlementWork Second) Halves()
    {
        var half = (Count + 1) / 2;
        if (half <= Holds.Count)
        {
            return (new SettlementWork([.. Holds.Take(half)], []), new SettlementWork([.. Holds.Skip(half)], Refunds));
        }

        var refunds = half - Holds.Count;
        return (new SettlementWork(Holds, [.. Refunds.Take(refunds)]), new SettlementWork([], [.. Refunds.Skip(refunds)]));
    }

    public static SettlementWork From(IEnumerable<JournalBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var holds = new List<HeldOrder>();
        var refunds = new List<DueRefund>();
        var heldOrders = new HashSet<Guid>();
        var refundedOrders = new HashSet<Guid>();
        foreach (var decision in batches.SelectMany(batch => batch.Decisions))
        {
            switch (decision)
            {
                case OrderHeld held when heldOrders.Add(held.OrderId):
                    holds.Add(new HeldOrder(held.OrderId, held.SessionId, held.BuyerId, held.Amount));
                    break;
                case RefundDue due when refundedOrders.Add(due.OrderId):
                    refunds.Add(new DueRefund(due.OrderId, due.SessionId, due.BuyerId, due.Amount));
                    break;
            }
        }

        return new SettlementWork(holds, refunds);
    }
}
