using MessagePack;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Snapshots;

/// <summary>Turns an <see cref="EngineState"/> into versioned, LZ4-compressed MessagePack bytes and back.</summary>
public static class SnapshotCodec
{
    public const int CurrentFormatVersion = 1;

    /// <summary>
    /// The most a snapshot may decompress to. MessagePack's default for untrusted data (far below this) refused the
    /// snapshots of a partition holding about a million orders, so recovery fell back to folding the whole journal.
    /// A snapshot is the engine's own record and arrives with its SHA-256 checked; the cap only bounds a corrupt one.
    /// </summary>
    public const int MaxDecompressedBytes = int.MaxValue;

    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithCompression(MessagePackCompression.Lz4BlockArray)
        .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumDecompressedSize(MaxDecompressedBytes));

    public static EngineSnapshot Capture(EngineState state) => CaptureState(state).ToSnapshot();

    /// <summary>
    /// A copy of the state that shares nothing mutable with the engine, made cheaply on the business thread
    /// (orders are values, copied a page at a time); <see cref="StateCapture.ToSnapshot"/> builds the
    /// snapshot from it on another thread.
    /// </summary>
    public static StateCapture CaptureState(EngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sessions = state.Sessions.Values
            .OrderBy(session => session.SessionId)
            .Select(session => new SessionSnapshot(
                session.SessionId,
                session.Layout,
                session.CategoryPrices,
                session.HoldTimeoutMs,
                session.MaxSeatsPerBuyer,
                session.ShowStartsAtMs,
                session.Closed,
                session.NextTicketNumber,
                session.MaxHoldExtensions))
            .ToArray();
        // Terms are immutable once defined, so the capture may share them with the engine.
        var promoCodes = state.PromoCodes.Values.Select(promoCode => promoCode.Terms).OrderBy(terms => terms.PromoCodeId).ToArray();
        return new StateCapture(state.LastDecisionSequence, state.LastInputSequence, sessions, state.Orders.ToArray(), promoCodes);
    }

    public static EngineState Restore(EngineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.FormatVersion != CurrentFormatVersion)
        {
            throw new NotSupportedException($"Snapshot format {snapshot.FormatVersion} is not supported (expected {CurrentFormatVersion}).");
        }

        var state = new EngineState();
        state.Restore(snapshot.LastDecisionSequence, snapshot.LastInputSequence);
        foreach (var s in snapshot.Sessions)
        {
            state.RestoreSession(new SessionState(s.SessionId, s.Layout, s.CategoryPrices, s.HoldTimeoutMs, s.MaxSeatsPerBuyer, s.ShowStartsAtMs, s.MaxHoldExtensions)
            {
                Closed = s.Closed,
                NextTicketNumber = s.NextTicketNumber,
            });
        }

        foreach (var terms in snapshot.PromoCodes ?? [])
        {
            state.RestorePromoCode(terms);
        }

        foreach (var o in snapshot.Orders)
        {
            state.RestoreOrder(new Order
            {
                OrderId = o.OrderId,
                SessionId = o.SessionId,
                BuyerId = o.BuyerId,
                CreatedSequence = o.CreatedSequence,
                Status = o.Status,
                Seats = o.Seats,
                Amount = o.Amount,
                DeadlineMs = o.DeadlineMs,
                FirstTicketNumber = o.FirstTicketNumber,
                RejectReason = o.RejectReason,
                RefundOwed = o.RefundOwed,
                PromoCodeId = o.PromoCodeId,
                ExtensionsUsed = o.ExtensionsUsed,
            });
        }

        return state;
    }

    public static byte[] Serialize(EngineState state) => Serialize(Capture(state));

    /// <summary>Encodes a captured snapshot; safe on another thread, since a capture shares nothing mutable with the engine.</summary>
    public static byte[] Serialize(EngineSnapshot snapshot) => MessagePackSerializer.Serialize(snapshot, Options);

    public static EngineState Deserialize(ReadOnlyMemory<byte> bytes) =>
        Restore(MessagePackSerializer.Deserialize<EngineSnapshot>(bytes, Options));
}
