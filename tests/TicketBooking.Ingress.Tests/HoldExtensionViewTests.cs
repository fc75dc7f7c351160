using TicketBooking.Engine.Decisions;
using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress.Tests;

/// <summary>What the ingress shows of hold extensions and of a buyer's seats in a session.</summary>
public class HoldExtensionViewTests
{
    private const long Session = 9;
    private const long Buyer = 42;
    private static readonly Guid Order = Guid.NewGuid();
    private static readonly TicketCodes Codes = new("test");

    private readonly OrderStatusCache _cache = new(capacity: 100);

    [Fact]
    public void An_extension_moves_the_held_orders_deadline_and_counts_against_what_the_session_allows()
    {
        _cache.Apply(new OrderHeld(1, 1, Order, Session, Buyer, [3, 4], 14_000, 60_000));

        _cache.Apply(new HoldExtended(2, 2, Order, Session, 150_000, 1));

        var view = _cache.Find(Order)!.ToView(Codes, maxHoldExtensions: 3);
        Assert.Equal(("held", DateTimeOffset.FromUnixTimeMilliseconds(150_000), 1, 2), (view.Status, view.HoldDeadline!.Value, view.ExtensionsUsed, view.ExtensionsLeft!.Value));
        Assert.Null(_cache.Find(Order)!.ToView(Codes).ExtensionsLeft);
    }

    [Fact]
    public void An_extension_of_an_order_the_cache_does_not_hold_is_left_to_the_projection()
    {
        _cache.Apply(new HoldExtended(2, 2, Order, Session, 150_000, 1));

        Assert.Null(_cache.Find(Order));
    }

    [Fact]
    public void A_settled_order_shows_no_extensions_left()
    {
        _cache.Apply(new OrderHeld(1, 1, Order, Session, Buyer, [3], 14_000, 60_000));
        _cache.Apply(new OrderConfirmed(2, 2, Order, Session, [3], 1));

        Assert.Null(_cache.Find(Order)!.ToView(Codes, maxHoldExtensions: 3).ExtensionsLeft);
    }

    [Fact]
    public void The_cache_finds_a_buyers_orders_and_forgets_them_with_the_order()
    {
        var cache = new OrderStatusCache(capacity: 2);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        cache.Accepted(ids[0], Session, Buyer);
        cache.Accepted(ids[1], Session, Buyer + 1);
        cache.Apply(new OrderHeld(1, 1, ids[2], Session, Buyer, [1], 1_000, 60_000));

        Assert.Equal([ids[2]], cache.OrdersOf(Buyer).Select(order => order.OrderId));
        Assert.Equal([ids[1]], cache.OrdersOf(Buyer + 1).Select(order => order.OrderId));
    }

    [Fact]
    public void Seats_taken_count_held_and_confirmed_orders_with_the_cache_fresher_than_the_projection()
    {
        var heldThenExpired = Guid.NewGuid();
        var confirmed = Guid.NewGuid();
        var heldNow = Guid.NewGuid();
        var pending = Guid.NewGuid();
        OrderRecord[] projected =
        [
            new(heldThenExpired, Session, Buyer, OrderState.Held, [1, 2]),
            new(confirmed, Session, Buyer, OrderState.Confirmed, [3]),
        ];
        OrderRecord[] cached =
        [
            new(heldThenExpired, Session, Buyer, OrderState.Expired, [1, 2]),
            new(confirmed, Session, Buyer, OrderState.Confirmed),
            new(heldNow, Session, Buyer, OrderState.Held, [4, 5]),
            new(pending, Session, Buyer, OrderState.Pending),
        ];

        Assert.Equal(3, HoldExtensionEndpoints.SeatsTaken(projected, cached));
    }
}
