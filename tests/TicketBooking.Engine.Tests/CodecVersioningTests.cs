using MessagePack;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.Tests;

/// <summary>Journals and inputs written before a field was added still read, with the field at its default.</summary>
public sealed class CodecVersioningTests
{
    [Fact]
    public void An_order_held_journaled_without_discounts_reads_as_paying_its_list_price()
    {
        var legacy = MessagePackSerializer.Serialize<LegacyDecision>(
            new LegacyOrderHeld(7, 3, Guid.NewGuid(), 42, 9, [1, 2], 5_000, 60_000),
            EngineCodec.Options);

        var held = Assert.IsType<OrderHeld>(MessagePackSerializer.Deserialize<Decision>(legacy, EngineCodec.Options));

        Assert.Null(held.Discounts);
        Assert.Equal(5_000, held.ListAmount);
        Assert.Equal(0, held.PointsSpent);
        Assert.Equal(60_000, held.DeadlineMs);
    }

    [Fact]
    public void A_purchase_sent_without_promo_code_or_points_reads_as_without()
    {
        var legacy = MessagePackSerializer.Serialize<LegacyCommand>(
            new LegacyPurchase(Guid.NewGuid(), 42, 9, SeatRequest.Adjacent(2, 0)),
            EngineCodec.Options);

        var purchase = Assert.IsType<Purchase>(EngineCodec.DeserializeCommand(legacy));

        Assert.Null(purchase.PromoCode);
        Assert.Equal(0, purchase.PointsToSpend);
        Assert.Equal(2, purchase.Seats.SeatCount);
    }

    [Fact]
    public void Discounts_survive_the_round_trip()
    {
        var held = new OrderHeld(1, 1, Guid.NewGuid(), 42, 9, [3], 700, 10, new OrderDiscounts(1_000, 5, 200, 100));

        var read = Assert.IsType<OrderHeld>(EngineCodec.DeserializeDecisions(EngineCodec.Serialize([held]))[0]);

        Assert.Equal(held.Discounts, read.Discounts);
        Assert.Equal(100, read.PointsSpent);
        Assert.Equal(1_000, read.ListAmount);
    }
}

[Union(2, typeof(LegacyOrderHeld))]
public abstract record LegacyDecision([property: Key(0)] long Sequence, [property: Key(1)] long InputSequence);

/// <summary>OrderHeld as journaled before <see cref="OrderDiscounts"/>.</summary>
[MessagePackObject]
public sealed record LegacyOrderHeld(
    long Sequence,
    long InputSequence,
    [property: Key(2)] Guid OrderId,
    [property: Key(3)] long SessionId,
    [property: Key(4)] long BuyerId,
    [property: Key(5)] int[] Seats,
    [property: Key(6)] long Amount,
    [property: Key(7)] long DeadlineMs) : LegacyDecision(Sequence, InputSequence);

[Union(2, typeof(LegacyPurchase))]
public abstract record LegacyCommand;

/// <summary>Purchase as sent before promo codes and points.</summary>
[MessagePackObject]
public sealed record LegacyPurchase(
    [property: Key(0)] Guid OrderId,
    [property: Key(1)] long SessionId,
    [property: Key(2)] long BuyerId,
    [property: Key(3)] SeatRequest Seats) : LegacyCommand;
