using MessagePack;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Snapshots;
using TicketBooking.Engine.State;

namespace TicketBooking.Engine.Tests;

public class HoldExtensionTests
{
    private const long Extendable = 1;
    private const long NotExtendable = 2;
    private const int Extensions = 2;

    private readonly EngineHarness _h = new();

    public HoldExtensionTests()
    {
        _h.RunSingle<SessionOpened>(EngineHarness.Open(Extendable, EngineHarness.Hall(2, 10), maxHoldExtensions: Extensions));
        _h.RunSingle<SessionOpened>(EngineHarness.Open(NotExtendable, EngineHarness.Hall(2, 10)));
    }

    [Fact]
    public void An_extension_restarts_the_hold_timer_from_the_time_of_the_request()
    {
        var held = _h.Hold(Extendable, 1, 0, 1);
        _h.NowMs += 45_000;

        var extended = _h.RunSingle<HoldExtended>(new ExtendHold(held.OrderId, Extendable, 1));

        Assert.Equal((held.OrderId, Extendable, _h.NowMs + EngineHarness.HoldTimeoutMs, 1), (extended.OrderId, extended.SessionId, extended.NewDeadlineMs, extended.ExtensionsUsed));
        Assert.Equal(extended.NewDeadlineMs, _h.Engine.State.Orders[held.OrderId].DeadlineMs);
        Assert.Equal(OrderStatus.Held, _h.Engine.State.Orders[held.OrderId].Status);
    }

    [Fact]
    public void An_extended_hold_outlives_its_first_deadline_and_expires_at_its_new_one()
    {
        var held = _h.Hold(Extendable, 1, 0);
        var other = _h.Hold(Extendable, 2, 1);
        _h.NowMs += 10_000;
        var extended = _h.RunSingle<HoldExtended>(new ExtendHold(held.OrderId, Extendable, 1));

        _h.NowMs = held.DeadlineMs;
        var atFirstDeadline = _h.Run(Tick.Instance);
        Assert.Equal([other.OrderId], atFirstDeadline.OfType<OrderExpired>().Select(expired => expired.OrderId));

        _h.NowMs = extended.NewDeadlineMs - 1;
        Assert.Empty(_h.Run(Tick.Instance));
        _h.NowMs = extended.NewDeadlineMs;
        Assert.Equal(held.OrderId, Assert.IsType<OrderExpired>(Assert.Single(_h.Run(Tick.Instance))).OrderId);
        InvariantChecks.AssertSeatsConsistent(_h.Engine.State);
    }

    [Fact]
    public void A_hold_is_extended_at_most_as_often_as_its_session_allows()
    {
        var held = _h.Hold(Extendable, 1, 0);
        for (var used = 1; used <= Extensions; used++)
        {
            _h.NowMs += 1_000;
            Assert.Equal(used, _h.RunSingle<HoldExtended>(new ExtendHold(held.OrderId, Extendable, 1)).ExtensionsUsed);
        }

        var deadline = _h.Engine.State.Orders[held.OrderId].DeadlineMs;
        _h.NowMs += 1_000;
        Assert.Equal(RejectReason.HoldExtensionLimit, _h.RunRejected(new ExtendHold(held.OrderId, Extendable, 1)));
        Assert.Equal(deadline, _h.Engine.State.Orders[held.OrderId].DeadlineMs);
    }

    [Fact]
    public void A_session_without_extensions_refuses_them()
    {
        var held = _h.Hold(NotExtendable, 1, 0);

        Assert.Equal(RejectReason.HoldExtensionsDisabled, _h.RunRejected(new ExtendHold(held.OrderId, NotExtendable, 1)));
    }

    [Fact]
    public void Only_the_owner_of_a_held_order_may_extend_it()
    {
        var held = _h.Hold(Extendable, 1, 0);
        var paid = _h.Hold(Extendable, 1, 1);
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(paid.OrderId, Extendable));

        Assert.Equal(RejectReason.NotOrderOwner, _h.RunRejected(new ExtendHold(held.OrderId, Extendable, 2)));
        Assert.Equal(RejectReason.NotHeld, _h.RunRejected(new ExtendHold(paid.OrderId, Extendable, 1)));
        Assert.Equal(RejectReason.UnknownOrder, _h.RunRejected(new ExtendHold(Guid.NewGuid(), Extendable, 1)));
        Assert.Equal(0, _h.Engine.State.Orders[held.OrderId].ExtensionsUsed);
    }

    [Fact]
    public void A_hold_whose_deadline_passed_expires_before_its_extension_is_decided()
    {
        var held = _h.Hold(Extendable, 1, 0);
        _h.NowMs = held.DeadlineMs;

        var decisions = _h.Run(new ExtendHold(held.OrderId, Extendable, 1));

        Assert.Collection(
            decisions,
            expired => Assert.Equal(held.OrderId, Assert.IsType<OrderExpired>(expired).OrderId),
            rejected => Assert.Equal(RejectReason.NotHeld, Assert.IsType<Rejected>(rejected).Reason));
    }

    [Fact]
    public void A_closed_session_extends_no_hold()
    {
        var held = _h.Hold(Extendable, 1, 0);
        _h.RunSingle<SessionClosed>(new CloseSession(Extendable));

        Assert.Equal(RejectReason.SessionClosed, _h.RunRejected(new ExtendHold(held.OrderId, Extendable, 1)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(TicketEngine.MaxHoldExtensionsLimit + 1)]
    public void A_session_allowing_too_many_extensions_is_refused(int extensions) =>
        Assert.Equal(RejectReason.InvalidSession, _h.RunRejected(EngineHarness.Open(3, EngineHarness.Hall(1, 2), maxHoldExtensions: extensions)));

    [Fact]
    public void A_snapshot_keeps_the_extensions_allowed_and_used()
    {
        var held = _h.Hold(Extendable, 1, 0);
        _h.NowMs += 5_000;
        var extended = _h.RunSingle<HoldExtended>(new ExtendHold(held.OrderId, Extendable, 1));

        var restored = new TicketEngine(SnapshotCodec.Deserialize(SnapshotCodec.Serialize(_h.Engine.State)));

        InvariantChecks.AssertSameState(_h.Engine.State, restored.State);
        Assert.Equal(Extensions, restored.State.Sessions[Extendable].MaxHoldExtensions);
        Assert.Equal((1, extended.NewDeadlineMs), (restored.State.Orders[held.OrderId].ExtensionsUsed, restored.State.Orders[held.OrderId].DeadlineMs));
        var expired = new List<Decision>();
        restored.Execute(new EngineInput(100, held.DeadlineMs, Tick.Instance), expired);
        Assert.Empty(expired);
        restored.Execute(new EngineInput(101, extended.NewDeadlineMs, Tick.Instance), expired);
        Assert.Equal(held.OrderId, Assert.IsType<OrderExpired>(Assert.Single(expired)).OrderId);
    }

    [Fact]
    public void A_session_opened_or_snapshotted_before_extensions_reads_as_allowing_none()
    {
        var layout = EngineHarness.Hall(1, 2);
        var legacyOpen = MessagePackSerializer.Serialize<LegacyOpenCommand>(new LegacyOpenSession(4, layout, [100], 60_000, 2, 1_000_000), EngineCodec.Options);
        Assert.Equal(0, Assert.IsType<OpenSession>(EngineCodec.DeserializeCommand(legacyOpen)).MaxHoldExtensions);

        var legacySession = new LegacySessionSnapshot(4, layout, [100], 60_000, 2, 1_000_000, false, 1);
        var bytes = MessagePackSerializer.Serialize(
            new LegacySessionsSnapshot(SnapshotCodec.CurrentFormatVersion, 1, 1, [legacySession], []),
            MessagePackSerializerOptions.Standard.WithCompression(MessagePackCompression.Lz4BlockArray));
        Assert.Equal(0, SnapshotCodec.Deserialize(bytes).Sessions[4].MaxHoldExtensions);
    }
}

[Union(0, typeof(LegacyOpenSession))]
public abstract record LegacyOpenCommand;

/// <summary>OpenSession as sent before hold extensions.</summary>
[MessagePackObject]
public sealed record LegacyOpenSession(
    [property: Key(0)] long SessionId,
    [property: Key(1)] SessionLayout Layout,
    [property: Key(2)] long[] CategoryPrices,
    [property: Key(3)] long HoldTimeoutMs,
    [property: Key(4)] int MaxSeatsPerBuyer,
    [property: Key(5)] long ShowStartsAtMs) : LegacyOpenCommand;

/// <summary>EngineSnapshot, with its sessions as written before hold extensions.</summary>
[MessagePackObject]
public sealed record LegacySessionsSnapshot(
    [property: Key(0)] int FormatVersion,
    [property: Key(1)] long LastDecisionSequence,
    [property: Key(2)] long LastInputSequence,
    [property: Key(3)] IReadOnlyList<LegacySessionSnapshot> Sessions,
    [property: Key(4)] IReadOnlyList<OrderSnapshot> Orders);

/// <summary>SessionSnapshot as written before hold extensions.</summary>
[MessagePackObject]
public sealed record LegacySessionSnapshot(
    [property: Key(0)] long SessionId,
    [property: Key(1)] SessionLayout Layout,
    [property: Key(2)] long[] CategoryPrices,
    [property: Key(3)] long HoldTimeoutMs,
    [property: Key(4)] int MaxSeatsPerBuyer,
    [property: Key(5)] long ShowStartsAtMs,
    [property: Key(6)] bool Closed,
    [property: Key(7)] long NextTicketNumber);
