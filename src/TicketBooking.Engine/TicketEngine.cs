using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Promotions;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine;

/// <summary>
/// The business logic of one partition: a deterministic function from inputs to decisions.
/// It reads no clock and does no I/O; time is the input's timestamp. Not thread-safe: one writer.
/// </summary>
public sealed class TicketEngine(EngineState state)
{
    /// <summary>Bounds the seats of one purchase, so that validating a request stays cheap.</summary>
    public const int MaxSeatsPerBuyerLimit = 100;

    /// <summary>Bounds how often a session lets one hold be extended (pretix-style hard cap).</summary>
    public const int MaxHoldExtensionsLimit = 10;

    private const byte KnownTraits = (byte)(SeatTraits.Accessible | SeatTraits.Companion);

    public TicketEngine()
        : this(new EngineState())
    {
    }

    public EngineState State { get; } = state;

    /// <summary>
    /// Expires holds whose deadline is at or before the input's time, then handles the command.
    /// Every decision is applied to <see cref="State"/> before it is appended to <paramref name="decisions"/>.
    /// </summary>
    public void Execute(in EngineInput input, List<Decision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ExpireHolds(input, decisions);
        if (input.Command is InputBatch batch)
        {
            foreach (var command in batch.Commands)
            {
                Dispatch(command, input, decisions);
            }
        }
        else
        {
            Dispatch(input.Command, input, decisions);
        }

        State.MarkInputApplied(input.Sequence);
    }

    /// <summary>How many decisions of its own an input gets: one per command it carries, none for a tick.</summary>
    public static int OwnOutcomesOf(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is not InputBatch batch)
        {
            return command is Tick ? 0 : 1;
        }

        var outcomes = 0;
        foreach (var inner in batch.Commands)
        {
            outcomes += inner is InputBatch ? 1 : OwnOutcomesOf(inner);
        }

        return outcomes;
    }

    private void Dispatch(Command command, in EngineInput input, List<Decision> decisions)
    {
        switch (command)
        {
            case Purchase purchase:
                Handle(purchase, input, decisions);
                break;
            case PaymentSucceeded paid:
                Handle(paid, input, decisions);
                break;
            case PaymentFailed failed:
                Handle(failed, input, decisions);
                break;
            case Cancel cancel:
                Handle(cancel, input, decisions);
                break;
            case ExtendHold extend:
                Handle(extend, input, decisions);
                break;
            case OpenSession open:
                Handle(open, input, decisions);
                break;
            case CloseSession close:
                Handle(close, input, decisions);
                break;
            case DefinePromoCode define:
                Handle(define, input, decisions);
                break;
            case Tick:
                break;
            case Unreadable or InputBatch: // a batch inside a batch is never sent: the reader makes it Unreadable
                Emit(Reject(CommandKind.Unreadable, Guid.Empty, 0, 0, RejectReason.InvalidRequest, input), decisions);
                break;
            default:
                throw new ArgumentException($"Unknown command {command?.GetType().Name ?? "null"}.", nameof(command));
        }
    }

    private long Next => State.LastDecisionSequence + 1;

    private void Emit(Decision decision, List<Decision> decisions)
    {
        State.Apply(decision);
        decisions.Add(decision);
    }

    private void ExpireHolds(in EngineInput input, List<Decision> decisions)
    {
        for (var position = State.NextExpiredHold(input.TimestampMs); position >= 0; position = State.NextExpiredHold(input.TimestampMs))
        {
            ref readonly var order = ref State.Orders.At(position);
            Emit(new OrderExpired(Next, input.Sequence, order.OrderId, order.SessionId, order.Seats), decisions);
        }
    }

    private void Handle(Purchase purchase, in EngineInput input, List<Decision> decisions)
    {
        var session = State.FindSession(purchase.SessionId);
        PromoCodeState? promoCode = null;
        var reason = State.Orders.ContainsKey(purchase.OrderId) ? RejectReason.DuplicateOrder
            : session is null ? RejectReason.UnknownSession
            : session.Closed || input.TimestampMs >= session.ShowStartsAtMs ? RejectReason.SessionClosed
            : CheckRequest(session, purchase) ?? CheckPromoCode(purchase, input.TimestampMs, out promoCode);
        if (reason is not null)
        {
            Emit(Reject(CommandKind.Purchase, purchase.OrderId, purchase.SessionId, purchase.BuyerId, reason.Value, input), decisions);
            return;
        }

        var request = purchase.Seats;
        int[] seats;
        if (request.SeatIds is { } explicitSeats)
        {
            seats = explicitSeats;
        }
        else
        {
            seats = new int[request.Count];
            if (!session!.Seats.TryFindAdjacent(request.Count, request.Category, request.Preferences, seats))
            {
                Emit(Reject(CommandKind.Purchase, purchase.OrderId, purchase.SessionId, purchase.BuyerId, RejectReason.NoAdjacentSeats, input), decisions);
                return;
            }
        }

        if (session!.PriceOf(seats) is not { } listAmount)
        {
            Emit(Reject(CommandKind.Purchase, purchase.OrderId, purchase.SessionId, purchase.BuyerId, RejectReason.PriceOverflow, input), decisions);
            return;
        }

        if (OrderPricing.Price(session, seats, listAmount, promoCode, purchase.PointsToSpend) is not { } price)
        {
            Emit(Reject(CommandKind.Purchase, purchase.OrderId, purchase.SessionId, purchase.BuyerId, RejectReason.PromoCodeNotApplicable, input), decisions);
            return;
        }

        Emit(
            new OrderHeld(
                Next,
                input.Sequence,
                purchase.OrderId,
                purchase.SessionId,
                purchase.BuyerId,
                seats,
                price.Amount,
                input.TimestampMs + session.HoldTimeoutMs,
                price.Discounts),
            decisions);
    }

    /// <summary>Why the purchase's promo code cannot be used now, or null (with the code, or none when it names none).</summary>
    private RejectReason? CheckPromoCode(Purchase purchase, long nowMs, out PromoCodeState? promoCode)
    {
        promoCode = null;
        if (purchase.PromoCode is null)
        {
            return null;
        }

        if (!PromoCodeText.TryNormalize(purchase.PromoCode, out var code) || State.FindPromoCode(code) is not { } found)
        {
            return RejectReason.UnknownPromoCode;
        }

        promoCode = found;
        return !found.Terms.AppliesTo(purchase.SessionId) ? RejectReason.PromoCodeNotApplicable
            : !found.Terms.IsActiveAt(nowMs) ? RejectReason.PromoCodeNotActive
            : found.IsUsedUp ? RejectReason.PromoCodeUsedUp
            : found.IsUsedUpBy(purchase.BuyerId) ? RejectReason.PromoCodeBuyerLimit
            : null;
    }

    private static RejectReason? CheckRequest(SessionState session, Purchase purchase)
    {
        var request = purchase.Seats;
        var count = request.SeatCount;
        if (count <= 0 || count > session.MaxSeatsPerBuyer || purchase.PointsToSpend < 0)
        {
            return RejectReason.InvalidRequest;
        }

        if (session.SeatsOf(purchase.BuyerId) + count > session.MaxSeatsPerBuyer)
        {
            return RejectReason.OverBuyerLimit;
        }

        if (request.SeatIds is { } seats)
        {
            return CheckExplicitSeats(session.Seats, seats);
        }

        if ((uint)request.Category >= (uint)session.Seats.CategoryCount
            || (request.Preferences & ~(SeatPreferences.Accessible | SeatPreferences.SplitAcrossRows)) != 0)
        {
            return RejectReason.InvalidRequest;
        }

        return session.Seats.FreeSeats(request.Category) < count ? RejectReason.SoldOut : null;
    }

    private static RejectReason? CheckExplicitSeats(SeatMap map, int[] seats)
    {
        for (var i = 0; i < seats.Length; i++)
        {
            if (!map.IsValid(seats[i]) || Array.IndexOf(seats, seats[i], 0, i) >= 0)
            {
                return RejectReason.InvalidSeat;
            }
        }

        foreach (var seat in seats)
        {
            if (map.IsTaken(seat))
            {
                return RejectReason.SeatTaken;
            }
        }

        return null;
    }

    private void Handle(PaymentSucceeded paid, in EngineInput input, List<Decision> decisions)
    {
        if (!State.Orders.TryGetValue(paid.OrderId, out var order))
        {
            Emit(Reject(CommandKind.PaymentSucceeded, paid.OrderId, paid.SessionId, 0, RejectReason.UnknownOrder, input), decisions);
            return;
        }

        switch (order.Status)
        {
            case OrderStatus.Held:
                var session = State.Sessions[order.SessionId];
                Emit(new OrderConfirmed(Next, input.Sequence, order.OrderId, order.SessionId, order.Seats, session.NextTicketNumber), decisions);
                break;
            // Once per order: the wallet takes one payment per order, so a payment seen again is that one, redelivered.
            case OrderStatus.Expired or OrderStatus.Cancelled when !order.RefundOwed:
                Emit(new RefundDue(Next, input.Sequence, order.OrderId, order.SessionId, order.BuyerId, order.Amount, RefundReason.LatePayment), decisions);
                break;
            default:
                Emit(Reject(CommandKind.PaymentSucceeded, order.OrderId, order.SessionId, order.BuyerId, RejectReason.AlreadySettled, input), decisions);
                break;
        }
    }

    private void Handle(PaymentFailed failed, in EngineInput input, List<Decision> decisions)
    {
        var known = State.Orders.TryGetValue(failed.OrderId, out var order);
        if (known && order.Status == OrderStatus.Held)
        {
            Emit(new OrderReleased(Next, input.Sequence, order.OrderId, order.SessionId, order.Seats, failed.Reason), decisions);
            return;
        }

        var reason = known ? RejectReason.NotHeld : RejectReason.UnknownOrder;
        Emit(Reject(CommandKind.PaymentFailed, failed.OrderId, failed.SessionId, order.BuyerId, reason, input), decisions);
    }

    private void Handle(Cancel cancel, in EngineInput input, List<Decision> decisions)
    {
        var reason = !State.Orders.TryGetValue(cancel.OrderId, out var order) ? RejectReason.UnknownOrder
            : order.BuyerId != cancel.BuyerId ? RejectReason.NotOrderOwner
            : !order.OccupiesSeats ? RejectReason.NotCancellable
            : order.Status == OrderStatus.Confirmed && input.TimestampMs >= State.Sessions[order.SessionId].ShowStartsAtMs ? RejectReason.ShowStarted
            : (RejectReason?)null;
        if (reason is not null)
        {
            Emit(Reject(CommandKind.Cancel, cancel.OrderId, cancel.SessionId, cancel.BuyerId, reason.Value, input), decisions);
            return;
        }

        var wasPaid = order.Status == OrderStatus.Confirmed;
        Emit(new OrderCancelled(Next, input.Sequence, order.OrderId, order.SessionId, order.Seats), decisions);
        if (wasPaid)
        {
            Emit(new RefundDue(Next, input.Sequence, order.OrderId, order.SessionId, order.BuyerId, order.Amount, RefundReason.Cancelled), decisions);
        }
    }

    /// <summary>
    /// Restarts a held order's timer: the new deadline is the input's time plus the session's hold timeout (never
    /// earlier than the deadline it had). Holds whose deadline has passed expired before this command was handled.
    /// </summary>
    private void Handle(ExtendHold extend, in EngineInput input, List<Decision> decisions)
    {
        var known = State.Orders.TryGetValue(extend.OrderId, out var order);
        // Only a held order surely has a session: a rejected purchase may name one that does not exist.
        var session = known && order.Status == OrderStatus.Held ? State.Sessions[order.SessionId] : null;
        var reason = !known ? RejectReason.UnknownOrder
            : order.BuyerId != extend.BuyerId ? RejectReason.NotOrderOwner
            : order.Status != OrderStatus.Held ? RejectReason.NotHeld
            : session!.Closed || input.TimestampMs >= session.ShowStartsAtMs ? RejectReason.SessionClosed
            : session.MaxHoldExtensions == 0 ? RejectReason.HoldExtensionsDisabled
            : order.ExtensionsUsed >= session.MaxHoldExtensions ? RejectReason.HoldExtensionLimit
            : (RejectReason?)null;
        if (reason is not null)
        {
            Emit(Reject(CommandKind.ExtendHold, extend.OrderId, extend.SessionId, extend.BuyerId, reason.Value, input), decisions);
            return;
        }

        var deadlineMs = Math.Max(order.DeadlineMs, input.TimestampMs + session!.HoldTimeoutMs);
        Emit(new HoldExtended(Next, input.Sequence, order.OrderId, order.SessionId, deadlineMs, order.ExtensionsUsed + 1), decisions);
    }

    private void Handle(OpenSession open, in EngineInput input, List<Decision> decisions)
    {
        var reason = State.FindSession(open.SessionId) is not null ? RejectReason.SessionExists
            : IsValid(open) ? (RejectReason?)null
            : RejectReason.InvalidSession;
        if (reason is not null)
        {
            Emit(Reject(CommandKind.OpenSession, Guid.Empty, open.SessionId, 0, reason.Value, input), decisions);
            return;
        }

        Emit(
            new SessionOpened(Next, input.Sequence, open.SessionId, open.Layout, open.CategoryPrices, open.HoldTimeoutMs, open.MaxSeatsPerBuyer, open.ShowStartsAtMs, open.MaxHoldExtensions),
            decisions);
    }

    private static bool IsValid(OpenSession open)
    {
        if (open.Layout?.Rows is not { Count: > 0 } rows || open.CategoryPrices is not { Length: > 0 and <= 256 } prices)
        {
            return false;
        }

        var seatCount = 0L;
        foreach (var row in rows)
        {
            if (row?.SeatCategories is null || row.Label is null)
            {
                return false;
            }

            seatCount += row.SeatCategories.Length;
            if (row.SeatCategories.Any(category => category >= prices.Length)
                || (row.Traits is { } traits && (traits.Length != row.SeatCategories.Length || traits.Any(trait => (trait & ~KnownTraits) != 0))))
            {
                return false;
            }
        }

        return seatCount is > 0 and <= SessionLayout.MaxSeats
            && prices.All(price => price >= 0)
            && open.HoldTimeoutMs > 0
            && open.MaxSeatsPerBuyer is > 0 and <= MaxSeatsPerBuyerLimit
            && open.MaxHoldExtensions is >= 0 and <= MaxHoldExtensionsLimit;
    }

    private void Handle(DefinePromoCode define, in EngineInput input, List<Decision> decisions)
    {
        if (define.Terms is not { } terms || terms.ProblemOf() is not null)
        {
            Emit(Reject(CommandKind.DefinePromoCode, Guid.Empty, 0, 0, RejectReason.InvalidPromoCode, input), decisions);
        }
        else if (State.PromoCodes.ContainsKey(terms.PromoCodeId) || State.FindPromoCode(terms.Code) is not null)
        {
            Emit(Reject(CommandKind.DefinePromoCode, Guid.Empty, 0, 0, RejectReason.PromoCodeExists, input), decisions);
        }
        else
        {
            Emit(new PromoCodeDefined(Next, input.Sequence, terms), decisions);
        }
    }

    private void Handle(CloseSession close, in EngineInput input, List<Decision> decisions)
    {
        var session = State.FindSession(close.SessionId);
        if (session is null || session.Closed)
        {
            var reason = session is null ? RejectReason.UnknownSession : RejectReason.SessionClosed;
            Emit(Reject(CommandKind.CloseSession, Guid.Empty, close.SessionId, 0, reason, input), decisions);
            return;
        }

        Emit(new SessionClosed(Next, input.Sequence, close.SessionId), decisions);
    }

    private Rejected Reject(CommandKind command, Guid orderId, long sessionId, long buyerId, RejectReason reason, in EngineInput input) =>
        new(Next, input.Sequence, command, orderId, sessionId, buyerId, reason);
}
