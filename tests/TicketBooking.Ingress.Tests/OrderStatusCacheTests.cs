using TicketBooking.Engine.Decisions;
using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress.Tests;

public class OrderStatusCacheTests
{
    private const long Session = 9;
    private const long Buyer = 42;
    private static readonly Guid Order = Guid.NewGuid();

    private static readonly TicketCodes Codes = new("test");

    private readonly OrderStatusCache _cache = new(capacity: 100);

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_the_order_moves_on()
    {
        _cache.Accepted(Order, Session, Buyer);
        var waiting = _cache.WaitForChangeAsync(Order, OrderState.Pending, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _cache.Apply(Held(deadlineMs: 60_000));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(OrderState.Held, _cache.Find(Order)!.State);
    }

    [Fact]
    public async Task A_long_poll_on_an_order_that_already_moved_returns_at_once_and_one_that_does_not_after_its_wait()
    {
        _cache.Accepted(Order, Session, Buyer);
        _cache.Apply(Held(deadlineMs: 60_000));

        await _cache.WaitForChangeAsync(Order, OrderState.Pending, TimeSpan.FromMinutes(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await _cache.WaitForChangeAsync(Order, OrderState.Held, TimeSpan.FromMilliseconds(20), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(OrderState.Held, _cache.Find(Order)!.State);
    }

    [Fact]
    public void A_buyers_feed_gets_each_change_of_its_own_orders_only_and_feeds_are_limited()
    {
        using var feed = _cache.Follow(Buyer, limit: 1, capacity: 10)!;
        Assert.Null(_cache.Follow(Buyer, limit: 1, capacity: 10));
        using var other = _cache.Follow(Buyer + 1, limit: 1, capacity: 10)!;

        _cache.Accepted(Order, Session, Buyer);
        _cache.Apply(Held(deadlineMs: 60_000));
        _cache.Apply(new OrderConfirmed(2, 2, Order, Session, [3, 4], 1));

        Assert.True(feed.Changes.TryRead(out var held));
        Assert.Equal(OrderState.Held, held.State);
        Assert.True(feed.Changes.TryRead(out var confirmed));
        Assert.Equal(OrderState.Confirmed, confirmed.State);
        Assert.False(other.Changes.TryRead(out _));

        feed.Dispose();
        using var again = _cache.Follow(Buyer, limit: 1, capacity: 10);
        Assert.NotNull(again);
    }

    [Fact]
    public void Pending_counts_accepted_orders_until_their_first_decision()
    {
        _cache.Accepted(Order, Session, Buyer);
        _cache.Accepted(Order, Session, Buyer);
        Assert.Equal(1, _cache.Pending);

        _cache.Apply(Held(deadlineMs: 60_000));
        Assert.Equal(0, _cache.Pending);

        _cache.Apply(new OrderConfirmed(2, 2, Order, Session, [3, 4], 1));
        Assert.Equal(0, _cache.Pending);
    }

    [Fact]
    public void An_accepted_order_is_pending_until_its_decision_arrives()
    {
        _cache.Accepted(Order, Session, Buyer);
        Assert.Equal("pending", _cache.Find(Order)!.ToView(Codes).Status);

        _cache.Apply(Held(deadlineMs: 60_000));

        var view = _cache.Find(Order)!.ToView(Codes);
        Assert.Equal("held", view.Status);
        Assert.Equal([3, 4], view.Seats!);
        Assert.Equal(14_000, view.Amount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(60_000), view.HoldDeadline);
    }

    [Fact]
    public void A_decision_seen_before_the_accept_is_not_turned_back_to_pending()
    {
        _cache.Apply(Held(deadlineMs: 60_000));

        _cache.Accepted(Order, Session, Buyer);

        Assert.Equal(OrderState.Held, _cache.Find(Order)!.State);
    }

    [Fact]
    public void A_confirmed_order_lists_its_tickets()
    {
        _cache.Apply(Held(deadlineMs: 60_000));
        _cache.Apply(new OrderConfirmed(2, 2, Order, Session, [3, 4], FirstTicketNumber: 11));

        var view = _cache.Find(Order)!.ToView(Codes);

        Assert.Equal("confirmed", view.Status);
        Assert.Null(view.HoldDeadline);
        Assert.Equal([11L, 12L], view.Tickets!.Select(ticket => ticket.Number));
        Assert.Equal([3, 4], view.Tickets!.Select(ticket => ticket.Seat));
    }

    [Fact]
    public void A_duplicate_purchase_does_not_overwrite_the_first_outcome()
    {
        _cache.Apply(Held(deadlineMs: 60_000));

        _cache.Apply(new Rejected(2, 2, CommandKind.Purchase, Order, Session, Buyer, RejectReason.DuplicateOrder));

        Assert.Equal(OrderState.Held, _cache.Find(Order)!.State);
    }

    [Fact]
    public async Task A_retry_whose_first_outcome_left_the_cache_is_forgotten_rather_than_left_pending()
    {
        _cache.Accepted(Order, Session, Buyer);
        var waiting = _cache.WaitForChangeAsync(Order, OrderState.Pending, TimeSpan.FromMinutes(1), CancellationToken.None);

        _cache.Apply(new Rejected(2, 2, CommandKind.Purchase, Order, Session, Buyer, RejectReason.DuplicateOrder));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(_cache.Find(Order));
        Assert.Equal(0, _cache.Pending);
    }

    [Theory]
    [InlineData("released")]
    [InlineData("expired")]
    [InlineData("cancelled")]
    public void Later_decisions_end_the_hold(string status)
    {
        _cache.Apply(Held(deadlineMs: 60_000));

        _cache.Apply(status switch
        {
            "released" => new OrderReleased(2, 2, Order, Session, [3, 4], "insufficient funds"),
            "expired" => new OrderExpired(2, 2, Order, Session, [3, 4]),
            _ => new OrderCancelled(2, 2, Order, Session, [3, 4]),
        });

        Assert.Equal(status, _cache.Find(Order)!.ToView(Codes).Status);
        Assert.Equal(Buyer, _cache.Find(Order)!.BuyerId);
    }

    [Fact]
    public void A_later_decision_without_the_hold_belongs_to_no_buyer()
    {
        _cache.Apply(new OrderExpired(2, 2, Order, Session, [3]));

        Assert.Equal(0, _cache.Find(Order)!.BuyerId);
    }

    [Fact]
    public void The_oldest_orders_are_forgotten_beyond_the_capacity()
    {
        var cache = new OrderStatusCache(capacity: 2);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            cache.Accepted(id, Session, Buyer);
        }

        Assert.Null(cache.Find(ids[0]));
        Assert.NotNull(cache.Find(ids[2]));
        Assert.Equal(2, cache.Count);
    }

    private static OrderHeld Held(long deadlineMs) => new(1, 1, Order, Session, Buyer, [3, 4], 14_000, deadlineMs);
}
