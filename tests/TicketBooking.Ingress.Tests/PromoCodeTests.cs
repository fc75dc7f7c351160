using TicketBooking.Contracts;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Promotions;
using TicketBooking.Ingress.Orders;
using TicketBooking.Ingress.Promotions;

namespace TicketBooking.Ingress.Tests;

public class PromoCodeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    private static PromoCodeRequest Request() =>
        new("spring-10", PromoCodeRequest.Percent, 10, Now, Now.AddDays(7), SessionIds: [1, 2]);

    /// <summary>Session ids, one in each of <paramref name="partitions"/> distinct partitions.</summary>
    private static long[] SessionsInPartitions(int partitions) =>
        [.. Enumerable.Range(1, 10_000).Select(id => (long)id).DistinctBy(id => SessionPartitioner.PartitionOf(id)).Take(partitions)];

    [Fact]
    public void Total_uses_are_split_so_that_the_shares_add_up_with_the_remainder_to_the_lowest_partitions()
    {
        long[] sessions = [.. SessionsInPartitions(3), .. SessionsInPartitions(3).Select(id => id + 10_000).Where(id => SessionPartitioner.PartitionOf(id) == SessionPartitioner.PartitionOf(SessionsInPartitions(1)[0]))];
        var code = new PromoCodeTerms(5, "SPRING", PromoKind.Percent, 10, 0, 1, MaxUses: 11, MaxUsesPerBuyer: 2, sessions, [1]);

        var parts = PromoCodeDefinitions.Split(code);

        Assert.Equal(3, parts.Count);
        Assert.Equal([.. parts.Select(part => part.Partition).Order()], parts.Select(part => part.Partition));
        Assert.Equal([4L, 4L, 3L], parts.Select(part => part.Definition.Terms.MaxUses));
        Assert.Equal(sessions.Order(), parts.SelectMany(part => part.Definition.Terms.SessionIds).Order());
        Assert.All(parts, part => Assert.All(part.Definition.Terms.SessionIds, id => Assert.Equal(part.Partition, SessionPartitioner.PartitionOf(id))));
        Assert.All(parts, part => Assert.Equal((5L, 2, 1), (part.Definition.Terms.PromoCodeId, part.Definition.Terms.MaxUsesPerBuyer, part.Definition.Terms.Categories.Single())));
    }

    [Fact]
    public void Unlimited_uses_stay_unlimited_in_every_partition_and_too_few_to_split_are_refused()
    {
        var sessions = SessionsInPartitions(4);
        var code = new PromoCodeTerms(5, "SPRING", PromoKind.Fixed, 500, 0, 1, 0, 0, sessions, []);

        Assert.All(PromoCodeDefinitions.Split(code), part => Assert.Equal(0, part.Definition.Terms.MaxUses));
        Assert.Equal(4, PromoCodeDefinitions.MinTotalUses(sessions));
        Assert.Throws<ArgumentException>(() => PromoCodeDefinitions.Split(code with { MaxUses = 3 }));
    }

    [Fact]
    public void A_request_within_the_rules_is_valid()
    {
        Assert.Null(Request().Validate(Now));
        Assert.Null((Request() with { Kind = PromoCodeRequest.Fixed, Value = 2_500, SessionIds = null, EventId = 4, Categories = [0, 2] }).Validate(Now));
    }

    public static TheoryData<PromoCodeRequest, string> BadRequests() => new()
    {
        { Request() with { Code = "a" }, "code" },
        { Request() with { Code = "SPRING 10" }, "code" },
        { Request() with { Kind = "half" }, "kind" },
        { Request() with { Value = 0 }, "value" },
        { Request() with { Value = 101 }, "value" },
        { Request() with { Kind = PromoCodeRequest.Fixed, Value = PromoCodeLimits.MaxFixedValue + 1 }, "value" },
        { Request() with { ValidUntil = Now.AddDays(-1), ValidFrom = Now.AddDays(-2) }, "validUntil" },
        { Request() with { ValidUntil = Now.AddDays(1), ValidFrom = Now.AddDays(2) }, "validUntil" },
        { Request() with { MaxUses = -1 }, "maxUses" },
        { Request() with { MaxUsesPerBuyer = -1 }, "maxUsesPerBuyer" },
        { Request() with { SessionIds = null }, "sessionIds" },
        { Request() with { EventId = 4 }, "sessionIds" },
        { Request() with { SessionIds = [] }, "sessionIds" },
        { Request() with { SessionIds = [1, 1] }, "sessionIds" },
        { Request() with { SessionIds = [0] }, "sessionIds" },
        { Request() with { Categories = [256] }, "categories" },
        { Request() with { Categories = [1, 1] }, "categories" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_request_that_breaks_a_rule_names_its_field(PromoCodeRequest request, string field)
    {
        var problem = request.Validate(Now);

        Assert.NotNull(problem);
        Assert.Equal(422, problem.StatusCode);
        Assert.Equal([field], Assert.IsType<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>(problem.ProblemDetails).Errors.Keys);
    }

    [Fact]
    public void An_order_shows_how_its_price_came_down_and_why_it_was_rejected_in_words()
    {
        var cache = new OrderStatusCache(capacity: 10);
        var held = Guid.NewGuid();
        var rejected = Guid.NewGuid();
        cache.Accepted(held, 9, 42);
        cache.Accepted(rejected, 9, 42);

        cache.Apply(new OrderHeld(1, 1, held, 9, 42, [1, 2], 6_500, 60_000, new OrderDiscounts(8_000, 5, 1_000, 500)));
        cache.Apply(new Rejected(2, 2, CommandKind.Purchase, rejected, 9, 42, RejectReason.PromoCodeUsedUp));

        var heldView = cache.Find(held)!.ToView(new TicketCodes("test"));
        Assert.Equal((6_500L, 8_000L, 1_000L, 500L), (heldView.Amount!.Value, heldView.ListAmount!.Value, heldView.PromoDiscount!.Value, heldView.PointsSpent!.Value));
        var rejectedView = cache.Find(rejected)!.ToView(new TicketCodes("test"));
        Assert.Equal("PromoCodeUsedUp", rejectedView.Reason);
        Assert.Equal("the promo code has been used up", rejectedView.ReasonText);
    }

    [Fact]
    public void An_order_held_without_discounts_shows_its_list_price_and_nothing_off()
    {
        var cache = new OrderStatusCache(capacity: 10);
        var order = Guid.NewGuid();
        cache.Accepted(order, 9, 42);

        cache.Apply(new OrderHeld(1, 1, order, 9, 42, [1], 5_000, 60_000));

        var view = cache.Find(order)!.ToView(new TicketCodes("test"));
        Assert.Equal((5_000L, 0L, 0L), (view.ListAmount!.Value, view.PromoDiscount!.Value, view.PointsSpent!.Value));
    }
}
