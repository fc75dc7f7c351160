using System.Globalization;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Audit;

/// <summary>
/// What a decision must find in the state before it is folded in. <see cref="EngineState.Apply"/>
/// trusts the engine; the audit does not, and says what is wrong in words.
/// </summary>
internal static class FoldRules
{
    /// <summary>Why an <see cref="OrderHeld"/> would take a seat some live order has, or null.</summary>
    public static string? SeatClash(EngineState state, Decision decision)
    {
        if (decision is not OrderHeld held || state.FindSession(held.SessionId) is not { } session)
        {
            return null;
        }

        foreach (var seat in held.Seats)
        {
            if (!session.Seats.IsValid(seat) || !session.Seats.IsTaken(seat))
            {
                continue;
            }

            var owner = state.Orders.Values.Cast<Order?>().FirstOrDefault(o => o!.Value.SessionId == held.SessionId && o.Value.OccupiesSeats && o.Value.Seats.Contains(seat));
            var ownerText = owner is null ? "another order" : $"order {owner.Value.OrderId} ({owner.Value.Status})";
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Decision {held.Sequence} holds seat {seat} of session {held.SessionId} for order {held.OrderId}, but {ownerText} has it.");
        }

        return null;
    }

    /// <summary>Why a <see cref="HoldExtended"/> is not the next extension its session allows, or null.</summary>
    public static string? ExtensionBeyondLimit(EngineState state, Decision decision)
    {
        if (decision is not HoldExtended extended || state.FindOrder(extended.OrderId) is not { } order || state.FindSession(order.SessionId) is not { } session)
        {
            return null;
        }

        return extended.ExtensionsUsed == order.ExtensionsUsed + 1 && extended.ExtensionsUsed <= session.MaxHoldExtensions
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Decision {extended.Sequence} extends order {order.OrderId} for the {extended.ExtensionsUsed}. time, after {order.ExtensionsUsed} extensions; its session allows {session.MaxHoldExtensions}.");
    }

    /// <summary>Why a settling decision does not fit its order's status, or null.</summary>
    public static string? IllegalTransition(EngineState state, Decision decision)
    {
        if (Concerning.OrderOf(decision) is not { } orderId || state.FindOrder(orderId) is not { } order || OrderLifecycle.Allows(order.Status, decision))
        {
            return null;
        }

        return $"Decision {decision.Sequence} ({decision.GetType().Name}) settles order {orderId}, which is {order.Status}.";
    }
}
