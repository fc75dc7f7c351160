using System.Numerics;
using MessagePack;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Audit;

/// <summary>
/// Whether two engine states are the same: sessions, orders and positions as a snapshot records
/// them (the input position left out: a tick that decided nothing moves only the live one), plus
/// the seat bitmaps and pending holds that a snapshot rebuilds rather than stores.
/// </summary>
public static class StateComparer
{
    public static bool AreEqual(EngineState expected, EngineState actual) => FirstDifference(expected, actual) is null;

    /// <summary>The first difference in words, or null when the states are equal.</summary>
    public static string? FirstDifference(EngineState expected, EngineState actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var left = SnapshotCodec.Capture(expected) with { LastInputSequence = 0 };
        var right = SnapshotCodec.Capture(actual) with { LastInputSequence = 0 };
        var sameRecord = MessagePackSerializer.Serialize(left).AsSpan().SequenceEqual(MessagePackSerializer.Serialize(right));
        if (sameRecord && BitmapDifference(expected, actual) is null && expected.PendingHolds == actual.PendingHolds)
        {
            return null;
        }

        return PositionDifference(left, right)
            ?? SessionsDifference(left, right)
            ?? OrdersDifference(left, right)
            ?? BitmapDifference(expected, actual)
            ?? (expected.PendingHolds != actual.PendingHolds
                ? $"pending holds: {expected.PendingHolds} vs {actual.PendingHolds}"
                : "the snapshot encodings differ");
    }

    private static string? PositionDifference(EngineSnapshot left, EngineSnapshot right) =>
        left.LastDecisionSequence != right.LastDecisionSequence
            ? $"last decision: {left.LastDecisionSequence} vs {right.LastDecisionSequence}"
            : null;

    private static string? SessionsDifference(EngineSnapshot left, EngineSnapshot right)
    {
        var others = right.Sessions.ToDictionary(s => s.SessionId);
        foreach (var session in left.Sessions)
        {
            if (!others.Remove(session.SessionId, out var other))
            {
                return $"session {session.SessionId}: only in the first state";
            }

            if (SessionFieldDifference(session, other) is { } field)
            {
                return $"session {session.SessionId}: {field}";
            }
        }

        return others.Count > 0 ? $"session {others.Keys.Min()}: only in the second state" : null;
    }

    private static string? SessionFieldDifference(SessionSnapshot a, SessionSnapshot b) =>
        a.Closed != b.Closed ? $"closed {a.Closed} vs {b.Closed}"
        : a.NextTicketNumber != b.NextTicketNumber ? $"next ticket {a.NextTicketNumber} vs {b.NextTicketNumber}"
        : a.HoldTimeoutMs != b.HoldTimeoutMs ? $"hold timeout {a.HoldTimeoutMs} vs {b.HoldTimeoutMs} ms"
        : a.MaxSeatsPerBuyer != b.MaxSeatsPerBuyer ? $"seats per buyer {a.MaxSeatsPerBuyer} vs {b.MaxSeatsPerBuyer}"
        : a.ShowStartsAtMs != b.ShowStartsAtMs ? $"show start {a.ShowStartsAtMs} vs {b.ShowStartsAtMs} ms"
        : !a.CategoryPrices.SequenceEqual(b.CategoryPrices) ? $"prices [{string.Join(", ", a.CategoryPrices)}] vs [{string.Join(", ", b.CategoryPrices)}]"
        : !MessagePackSerializer.Serialize(a.Layout).AsSpan().SequenceEqual(MessagePackSerializer.Serialize(b.Layout)) ? "seat layouts differ"
        : null;

    private static string? OrdersDifference(EngineSnapshot left, EngineSnapshot right)
    {
        var others = right.Orders.ToDictionary(o => o.OrderId);
        foreach (var order in left.Orders)
        {
            if (!others.Remove(order.OrderId, out var other))
            {
                return $"order {order.OrderId}: only in the first state ({order.Status})";
            }

            if (OrderFieldDifference(order, other) is { } field)
            {
                return $"order {order.OrderId}: {field}";
            }
        }

        return others.Values.OrderBy(o => o.CreatedSequence).FirstOrDefault() is { } extra
            ? $"order {extra.OrderId}: only in the second state ({extra.Status})"
            : null;
    }

    private static string? OrderFieldDifference(OrderSnapshot a, OrderSnapshot b) =>
        a.Status != b.Status ? $"status {a.Status} vs {b.Status}"
        : a.SessionId != b.SessionId ? $"session {a.SessionId} vs {b.SessionId}"
        : a.BuyerId != b.BuyerId ? $"buyer {a.BuyerId} vs {b.BuyerId}"
        : a.CreatedSequence != b.CreatedSequence ? $"created by decision {a.CreatedSequence} vs {b.CreatedSequence}"
        : !a.Seats.SequenceEqual(b.Seats) ? $"seats [{string.Join(", ", a.Seats)}] vs [{string.Join(", ", b.Seats)}]"
        : a.Amount != b.Amount ? $"amount {a.Amount} vs {b.Amount}"
        : a.DeadlineMs != b.DeadlineMs ? $"deadline {a.DeadlineMs} vs {b.DeadlineMs} ms"
        : a.FirstTicketNumber != b.FirstTicketNumber ? $"first ticket {a.FirstTicketNumber} vs {b.FirstTicketNumber}"
        : a.RejectReason != b.RejectReason ? $"reject reason {a.RejectReason} vs {b.RejectReason}"
        : a.RefundOwed != b.RefundOwed ? $"refund owed {a.RefundOwed} vs {b.RefundOwed}"
        : a.PromoCodeId != b.PromoCodeId ? $"promo code {a.PromoCodeId} vs {b.PromoCodeId}"
        : null;

    private static string? BitmapDifference(EngineState expected, EngineState actual)
    {
        foreach (var session in expected.Sessions.Values.OrderBy(s => s.SessionId))
        {
            if (actual.FindSession(session.SessionId) is not { } other)
            {
                continue;
            }

            var a = session.Seats.Bits;
            var b = other.Seats.Bits;
            if (a.Length != b.Length)
            {
                return $"session {session.SessionId}: seat maps of {session.Seats.Capacity} vs {other.Seats.Capacity} seats";
            }

            for (var word = 0; word < a.Length; word++)
            {
                var diff = a[word] ^ b[word];
                if (diff != 0)
                {
                    var seat = (word * 64) + BitOperations.TrailingZeroCount(diff);
                    var taken = (a[word] & (1UL << seat)) != 0;
                    return $"session {session.SessionId}: seat {seat} is {(taken ? "taken" : "free")} in the first state, {(taken ? "free" : "taken")} in the second";
                }
            }
        }

        return null;
    }
}
