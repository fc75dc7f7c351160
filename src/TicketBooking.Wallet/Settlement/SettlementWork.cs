using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Wallet.Settlement;

/// <summary>An order held by the engine, awaiting payment of <see cref="Amount"/> minor units and <see cref="PointsSpent"/> loyalty points.</summary>
public sealed record HeldOrder(Guid OrderId, long SessionId, long BuyerId, long Amount, long PointsSpent = 0);

/// <summary>Money (and points) taken for an order that must go back to the buyer.</summary>
public sealed record DueRefund(Guid OrderId, long SessionId, long BuyerId, long Amount, RefundReason Reason = RefundReason.LatePayment);

/// <summary>A paid order the engine confirmed: it earns loyalty points for the money its payment took.</summary>
public sealed record ConfirmedOrder(Guid OrderId, long SessionId);

/// <summary>
/// What a batch of journal messages asks of the wallet: the held orders to pay, the confirmed orders that earn
/// points and the refunds due, each order once per list (in journal order; a repeat within the batch is dropped).
/// </summary>
public sealed record SettlementWork(IReadOnlyList<HeldOrder> Holds, IReadOnlyList<DueRefund> Refunds, IReadOnlyList<ConfirmedOrder> Confirmations)
{
    public SettlementWork(IReadOnlyList<HeldOrder> holds, IReadOnlyList<DueRefund> refunds)
        : this(holds, refunds, [])
    {
    }

    public bool IsEmpty => Count == 0;

    public int Count => Holds.Count + Confirmations.Count + Refunds.Count;

    /// <summary>
    /// The first half of the orders and the second, holds before confirmations before refunds as they are settled,
    /// so that a confirmation or a refund of an order held in the same work comes after its hold.
    /// </summary>
    public (SettlementWork First, SettlementWork Second) Halves()
    {
        var half = (Count + 1) / 2;
        if (half <= Holds.Count)
        {
            return (new SettlementWork([.. Holds.Take(half)], [], []), new SettlementWork([.. Holds.Skip(half)], Refunds, Confirmations));
        }

        var confirmations = half - Holds.Count;
        if (confirmations <= Confirmations.Count)
        {
            return (new SettlementWork(Holds, [], [.. Confirmations.Take(confirmations)]), new SettlementWork([], Refunds, [.. Confirmations.Skip(confirmations)]));
        }

        var refunds = confirmations - Confirmations.Count;
        return (new SettlementWork(Holds, [.. Refunds.Take(refunds)], Confirmations), new SettlementWork([], [.. Refunds.Skip(refunds)], []));
    }

    public static SettlementWork From(IEnumerable<JournalBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var holds = new List<HeldOrder>();
        var refunds = new List<DueRefund>();
        var heldOrders = new HashSet<Guid>();
        var refundedOrders = new HashSet<Guid>();
        var confirmations = new List<ConfirmedOrder>();
        var confirmedOrders = new HashSet<Guid>();
        foreach (var decision in batches.SelectMany(batch => batch.Decisions))
        {
            switch (decision)
            {
                case OrderHeld held when heldOrders.Add(held.OrderId):
                    holds.Add(new HeldOrder(held.OrderId, held.SessionId, held.BuyerId, held.Amount, held.PointsSpent));
                    break;
                case OrderConfirmed confirmed when confirmedOrders.Add(confirmed.OrderId):
                    confirmations.Add(new ConfirmedOrder(confirmed.OrderId, confirmed.SessionId));
                    break;
                case RefundDue due when refundedOrders.Add(due.OrderId):
                    refunds.Add(new DueRefund(due.OrderId, due.SessionId, due.BuyerId, due.Amount, due.Reason));
                    break;
            }
        }

        return new SettlementWork(holds, refunds, confirmations);
    }
}
