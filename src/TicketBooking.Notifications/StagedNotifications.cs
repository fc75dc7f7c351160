using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Notifications;

/// <summary>
/// The decisions of a group of journal batches folded into notifications, before they are written. An
/// <see cref="OrderHeld"/> names the buyer of its order (kept in <see cref="Owners"/>); an outcome (confirmed,
/// released, expired, cancelled, refund due, a rejected purchase) becomes a notification once its order's owner is
/// known, from this group or from <see cref="Resolve"/>'s stored owners. Decisions nobody is told about (sessions,
/// holds, repeated purchases, kinds this fold does not know) are ignored. Pure: no I/O.
/// </summary>
public sealed class StagedNotifications
{
    private readonly Dictionary<Guid, OrderOwner> _owners = [];
    private readonly List<(int Partition, Decision Decision)> _outcomes = [];

    /// <summary>Owners learnt from this group's holds, to store with the notifications.</summary>
    public IReadOnlyCollection<OrderOwner> Owners => _owners.Values;

    public void Add(int partition, Decision decision)
    {
        switch (decision)
        {
            case OrderHeld held:
                _owners.TryAdd(held.OrderId, new OrderOwner(held.OrderId, held.SessionId, held.BuyerId, held.Amount));
                break;
            case Rejected rejected when OrderLifecycle.CreatesOrder(rejected):
            case OrderConfirmed or OrderReleased or OrderExpired or OrderCancelled or RefundDue:
                _outcomes.Add((partition, decision));
                break;
            default:
                break;
        }
    }

    /// <summary>The orders with an outcome here whose owner this group does not name: to look up in what is stored.</summary>
    public IReadOnlyList<Guid> MissingOwners() =>
        [.. _outcomes.Select(outcome => OrderOf(outcome.Decision)).Where(order => order is { } id && !_owners.ContainsKey(id)).Select(order => order!.Value).Distinct()];

    /// <summary>
    /// The notifications, in decision order, one per id (a second outcome of the same kind for an order is dropped).
    /// <paramref name="unresolved"/> counts outcomes whose order has no known owner (a journal trimmed before its hold).
    /// </summary>
    public IReadOnlyList<Notification> Resolve(IReadOnlyDictionary<Guid, OrderOwner> stored, out int unresolved)
    {
        ArgumentNullException.ThrowIfNull(stored);
        unresolved = 0;
        var seen = new HashSet<Guid>();
        var notifications = new List<Notification>(_outcomes.Count);
        foreach (var (partition, decision) in _outcomes)
        {
            if (decision is Rejected rejected)
            {
                Keep(new Notification(
                    NotificationIds.For(rejected.OrderId, NotificationKind.Rejected), rejected.BuyerId, rejected.OrderId, rejected.SessionId,
                    NotificationKind.Rejected, null, null, null, rejected.Reason.ToString(), partition, rejected.Sequence));
                continue;
            }

            var orderId = OrderOf(decision)!.Value;
            if (!_owners.TryGetValue(orderId, out var owner) && !stored.TryGetValue(orderId, out owner))
            {
                unresolved++;
                continue;
            }

            Keep(decision switch
            {
                OrderConfirmed confirmed => Make(owner, NotificationKind.Confirmed, confirmed.Seats, confirmed.FirstTicketNumber, owner.Amount, null),
                OrderReleased released => Make(owner, NotificationKind.Released, released.Seats, null, null, released.Reason),
                OrderExpired expired => Make(owner, NotificationKind.Expired, expired.Seats, null, null, null),
                OrderCancelled cancelled => Make(owner, NotificationKind.Cancelled, cancelled.Seats, null, null, null),
                RefundDue due => Make(owner, NotificationKind.Refunded, null, null, due.Amount, due.Reason.ToString()),
                _ => throw new InvalidOperationException($"{decision.GetType().Name} is not an outcome."),
            });

            Notification Make(OrderOwner of, NotificationKind kind, int[]? seats, long? firstTicket, long? amount, string? reason) =>
                new(NotificationIds.For(of.OrderId, kind), of.BuyerId, of.OrderId, of.SessionId, kind, seats, firstTicket, amount, reason, partition, decision.Sequence);
        }

        return notifications;

        void Keep(Notification notification)
        {
            if (seen.Add(notification.Id))
            {
                notifications.Add(notification);
            }
        }
    }

    private static Guid? OrderOf(Decision decision) => decision switch
    {
        OrderConfirmed confirmed => confirmed.OrderId,
        OrderReleased released => released.OrderId,
        OrderExpired expired => expired.OrderId,
        OrderCancelled cancelled => cancelled.OrderId,
        RefundDue due => due.OrderId,
        _ => null,
    };
}
