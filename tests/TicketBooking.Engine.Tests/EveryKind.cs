using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Engine.Tests;

/// <summary>
/// Values of every kind of command and decision, about order <see cref="Order"/> of session <see cref="Session"/>,
/// and the kinds the engine defines: a test whose rows leave a kind out fails, so a new kind needs its answer.
/// </summary>
internal static class EveryKind
{
    public const long Session = 7;
    public const long Buyer = 42;

    public static readonly Guid Order = new("0b6f3a52-6c1e-4d0e-9a51-3f2a7c9d1e01");

    public static OpenSession Open { get; } = EngineHarness.Open(Session, EngineHarness.Hall(1, 4));

    public static Purchase OrderPurchase { get; } = new(Order, Session, Buyer, SeatRequest.Explicit(0, 1));

    public static SessionOpened Opened { get; } = new(1, 1, Session, Open.Layout, Open.CategoryPrices, Open.HoldTimeoutMs, Open.MaxSeatsPerBuyer, Open.ShowStartsAtMs);

    public static SessionClosed Closed { get; } = new(2, 2, Session);

    public static OrderHeld Held { get; } = new(3, 3, Order, Session, Buyer, [0, 1], 10_000, 61_000);

    public static OrderConfirmed Confirmed { get; } = new(4, 4, Order, Session, [0, 1], 1);

    public static OrderReleased Released { get; } = new(5, 5, Order, Session, [0, 1], "declined");

    public static OrderExpired Expired { get; } = new(6, 6, Order, Session, [0, 1]);

    public static OrderCancelled Cancelled { get; } = new(7, 7, Order, Session, [0, 1]);

    public static RefundDue Refund { get; } = new(8, 8, Order, Session, Buyer, 10_000, RefundReason.Cancelled);

    public static HoldExtended Extended { get; } = new(11, 11, Order, Session, 121_000, 1);

    public static ExtendHold Extend { get; } = new(Order, Session, Buyer);

    public static PromoCodeTerms PromoTerms { get; } = new(5, "SPRING-10", PromoKind.Percent, 10, 0, 100_000_000, 100, 2, [Session], []);

    public static DefinePromoCode DefinePromo { get; } = new(PromoTerms);

    public static PromoCodeDefined PromoDefined { get; } = new(10, 10, PromoTerms);

    /// <summary>A rejection as the engine writes it: session commands name no order, an unreadable input or a promo code definition no session either.</summary>
    public static Rejected Rejection(CommandKind command, RejectReason reason)
    {
        var order = command is CommandKind.OpenSession or CommandKind.CloseSession or CommandKind.Unreadable or CommandKind.DefinePromoCode ? Guid.Empty : Order;
        var partitionWide = command is CommandKind.Unreadable or CommandKind.DefinePromoCode;
        return new Rejected(9, 9, command, order, partitionWide ? 0 : Session, partitionWide ? 0 : Buyer, reason);
    }

    /// <summary>The names of the kinds the engine defines: every concrete type derived from <typeparamref name="T"/>.</summary>
    public static string[] DefinedKindsOf<T>() =>
        [.. typeof(T).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(T)) && !type.IsAbstract).Select(type => type.Name).Order(StringComparer.Ordinal)];

    /// <summary>The names of the kinds in the first column of theory rows.</summary>
    public static string[] KindsIn(IEnumerable<object?[]> rows) =>
        [.. rows.Select(row => row[0]!.GetType().Name).Distinct().Order(StringComparer.Ordinal)];
}
