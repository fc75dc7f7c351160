using TicketBooking.Engine.Promotions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Snapshots;

/// <summary>
/// The engine's state as of one decision, copied on the business thread by <see cref="SnapshotCodec.CaptureState"/>;
/// <see cref="ToSnapshot"/> turns it into the stored form wherever the snapshot is written. Orders are in
/// creation order.
/// </summary>
public sealed record StateCapture(long LastDecisionSequence, long LastInputSequence, SessionSnapshot[] Sessions, Order[] Orders, PromoCodeTerms[] PromoCodes)
{
    public EngineSnapshot ToSnapshot()
    {
        var orders = new OrderSnapshot[Orders.Length];
        for (var i = 0; i < orders.Length; i++)
        {
            ref readonly var order = ref Orders[i];
            orders[i] = new OrderSnapshot(
                order.OrderId,
                order.SessionId,
                order.BuyerId,
                order.CreatedSequence,
                order.Status,
                order.Seats,
                order.Amount,
                order.DeadlineMs,
                order.FirstTicketNumber,
                order.RejectReason,
                order.RefundOwed,
                order.PromoCodeId,
                order.ExtensionsUsed);
        }

        return new EngineSnapshot(SnapshotCodec.CurrentFormatVersion, LastDecisionSequence, LastInputSequence, Sessions, orders, PromoCodes);
    }
}
