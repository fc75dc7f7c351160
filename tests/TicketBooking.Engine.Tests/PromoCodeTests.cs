using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Promotions;
using TicketBooking.Engine.Snapshots;

namespace TicketBooking.Engine.Tests;

public class PromoCodeTests
{
    private const long Session = 1;

    // Row A: category 0 (5,000), row B: category 1 (3,000), row C: category 2 (1,000); ten seats a row.
    private readonly EngineHarness _h = new();

    public PromoCodeTests() =>
        _h.RunSingle<SessionOpened>(EngineHarness.Open(Session, EngineHarness.Hall(3, 10, (row, _) => (byte)row)));

    private static PromoCodeTerms Terms(
        long id = 7,
        string code = "SPRING",
        PromoKind kind = PromoKind.Percent,
        long value = 10,
        long validFromMs = 0,
        long validUntilMs = 1_000_000,
        long maxUses = 0,
        int maxUsesPerBuyer = 0,
        long[]? sessions = null,
        int[]? categories = null) =>
        new(id, code, kind, value, validFromMs, validUntilMs, maxUses, maxUsesPerBuyer, sessions ?? [Session], categories ?? []);

    private PromoCodeDefined Define(PromoCodeTerms terms) => _h.RunSingle<PromoCodeDefined>(new DefinePromoCode(terms));

    private static Purchase Buy(long buyer, string? code, long points = 0, params int[] seats) =>
        new(Guid.NewGuid(), Session, buyer, SeatRequest.Explicit(seats), code, points);

    [Fact]
    public void A_percent_code_takes_its_share_of_the_list_price_rounded_down()
    {
        Define(Terms(value: 15));

        var held = _h.RunSingle<OrderHeld>(Buy(1, "spring ", 0, 20, 21, 22)); // three seats of 1,000, typed in lower case

        Assert.Equal(new OrderDiscounts(3_000, 7, 450, 0), held.Discounts);
        Assert.Equal(2_550, held.Amount);
    }

    [Fact]
    public void Percent_rounds_down_to_the_minor_unit()
    {
        Define(Terms(value: 33));

        var held = _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 20)); // 33% of 1,000 = 330; of 3,000 + 1,000 = 1,320

        Assert.Equal(330, held.Discounts!.PromoDiscount);
        Assert.Equal(1_000, OrderPricing.DiscountOf(Terms(value: 33), 3_031));
    }

    [Fact]
    public void A_code_limited_to_categories_discounts_only_those_seats()
    {
        Define(Terms(value: 50, categories: [1]));

        var held = _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 0, 10)); // 5,000 (category 0) + 3,000 (category 1)

        Assert.Equal(8_000, held.ListAmount);
        Assert.Equal(1_500, held.Discounts!.PromoDiscount);
        Assert.Equal(6_500, held.Amount);
    }

    [Fact]
    public void A_fixed_code_is_capped_at_the_eligible_price_and_points_at_what_is_left()
    {
        Define(Terms(kind: PromoKind.Fixed, value: 4_000, categories: [1]));

        var held = _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 10_000, 0, 10));

        Assert.Equal(new OrderDiscounts(8_000, 7, 3_000, 5_000), held.Discounts);
        Assert.Equal(0, held.Amount);
    }

    [Fact]
    public void Points_alone_lower_the_price_and_an_order_without_either_has_no_discounts()
    {
        var withPoints = _h.RunSingle<OrderHeld>(Buy(1, null, 250, 20));
        var plain = _h.RunSingle<OrderHeld>(Buy(2, null, 0, 21));

        Assert.Equal(new OrderDiscounts(1_000, 0, 0, 250), withPoints.Discounts);
        Assert.Equal(750, withPoints.Amount);
        Assert.Equal(250, withPoints.PointsSpent);
        Assert.Null(plain.Discounts);
        Assert.Equal(1_000, plain.Amount);
    }

    [Fact]
    public void Negative_points_are_an_invalid_request()
    {
        Assert.Equal(RejectReason.InvalidRequest, _h.RunRejected(Buy(1, null, -1, 20)));
    }

    [Theory]
    [InlineData("NOPE")]
    [InlineData("sp")]
    [InlineData("SPRING!")]
    public void An_unknown_code_is_refused(string code)
    {
        Define(Terms());

        Assert.Equal(RejectReason.UnknownPromoCode, _h.RunRejected(Buy(1, code, 0, 20)));
    }

    [Fact]
    public void A_code_is_active_from_its_start_until_before_its_end_by_the_inputs_time()
    {
        Define(Terms(validFromMs: 2_000, validUntilMs: 3_000));

        _h.NowMs = 1_999;
        Assert.Equal(RejectReason.PromoCodeNotActive, _h.RunRejected(Buy(1, "SPRING", 0, 20)));
        _h.NowMs = 2_000;
        _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 21));
        _h.NowMs = 3_000;
        Assert.Equal(RejectReason.PromoCodeNotActive, _h.RunRejected(Buy(1, "SPRING", 0, 22)));
    }

    [Fact]
    public void A_code_for_other_sessions_or_other_categories_is_not_applicable()
    {
        _h.RunSingle<SessionOpened>(EngineHarness.Open(2, EngineHarness.Hall(1, 4)));
        Define(Terms(sessions: [2]));
        Define(Terms(id: 8, code: "BALCONY", categories: [2]));

        Assert.Equal(RejectReason.PromoCodeNotApplicable, _h.RunRejected(Buy(1, "SPRING", 0, 20)));
        Assert.Equal(RejectReason.PromoCodeNotApplicable, _h.RunRejected(Buy(1, "BALCONY", 0, 0)));
    }

    [Fact]
    public void Uses_are_limited_and_a_released_expired_or_cancelled_order_gives_its_use_back()
    {
        Define(Terms(maxUses: 2));
        var first = _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 20));
        var second = _h.RunSingle<OrderHeld>(Buy(2, "SPRING", 0, 21));
        Assert.Equal(RejectReason.PromoCodeUsedUp, _h.RunRejected(Buy(3, "SPRING", 0, 22)));

        _h.RunSingle<OrderReleased>(new PaymentFailed(first.OrderId, Session, "declined"));
        var third = _h.RunSingle<OrderHeld>(Buy(3, "SPRING", 0, 22));
        _h.RunSingle<OrderConfirmed>(new PaymentSucceeded(third.OrderId, Session));
        Assert.Equal(RejectReason.PromoCodeUsedUp, _h.RunRejected(Buy(4, "SPRING", 0, 23)));

        _h.Run(new Cancel(third.OrderId, Session, 3)); // a paid order: cancelled and refunded
        _h.NowMs += 1;
        _h.RunSingle<OrderHeld>(Buy(4, "SPRING", 0, 23));
        Assert.Equal(RejectReason.PromoCodeUsedUp, _h.RunRejected(Buy(5, "SPRING", 0, 24)));

        _h.NowMs = second.DeadlineMs;
        var expired = _h.Run(Buy(5, "SPRING", 0, 24));
        Assert.Equal(second.OrderId, Assert.IsType<OrderExpired>(expired[0]).OrderId);
        Assert.IsType<OrderHeld>(expired[1]);
        Assert.Equal(2, _h.Engine.State.PromoCodes[7].Uses);
    }

    [Fact]
    public void A_buyer_uses_a_code_at_most_as_often_as_allowed_while_others_still_can()
    {
        Define(Terms(maxUsesPerBuyer: 1));
        var held = _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 20));

        Assert.Equal(RejectReason.PromoCodeBuyerLimit, _h.RunRejected(Buy(1, "SPRING", 0, 21)));
        _h.RunSingle<OrderHeld>(Buy(2, "SPRING", 0, 21));
        _h.Run(new Cancel(held.OrderId, Session, 1));
        _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 22));
    }

    [Fact]
    public void A_refused_purchase_takes_no_use()
    {
        Define(Terms(maxUses: 1));
        _h.Hold(Session, 9, 20);

        Assert.Equal(RejectReason.SeatTaken, _h.RunRejected(Buy(1, "SPRING", 0, 20)));
        _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 21));
    }

    [Fact]
    public void A_definition_again_with_the_same_id_or_text_is_refused_and_the_first_stays()
    {
        Define(Terms(value: 10));

        Assert.Equal(RejectReason.PromoCodeExists, _h.RunRejected(new DefinePromoCode(Terms(value: 10))));
        Assert.Equal(RejectReason.PromoCodeExists, _h.RunRejected(new DefinePromoCode(Terms(value: 90))));
        Assert.Equal(RejectReason.PromoCodeExists, _h.RunRejected(new DefinePromoCode(Terms(id: 8))));
        Assert.Equal(10, _h.Engine.State.PromoCodes[7].Terms.Value);
        Assert.Single(_h.Engine.State.PromoCodes);
    }

    public static TheoryData<PromoCodeTerms> BadTerms() => new()
    {
        Terms(id: 0),
        Terms(code: "spring"),
        Terms(code: "AB"),
        Terms(code: new string('A', 33)),
        Terms(code: "SPR ING"),
        Terms(value: 0),
        Terms(value: 101),
        Terms(kind: PromoKind.Fixed, value: 0),
        Terms(kind: (PromoKind)3),
        Terms(validFromMs: 5, validUntilMs: 5),
        Terms(maxUses: -1),
        Terms(maxUsesPerBuyer: -1),
        Terms(sessions: []),
        Terms(sessions: [1, 1]),
        Terms(categories: [256]),
        Terms(categories: [1, 1]),
    };

    [Theory]
    [MemberData(nameof(BadTerms))]
    public void A_definition_that_breaks_the_rules_is_refused(PromoCodeTerms terms)
    {
        Assert.Equal(RejectReason.InvalidPromoCode, _h.RunRejected(new DefinePromoCode(terms)));
        Assert.Empty(_h.Engine.State.PromoCodes);
    }

    [Fact]
    public void Codes_and_their_uses_survive_a_snapshot_and_the_journals_fold()
    {
        Define(Terms(maxUses: 3, maxUsesPerBuyer: 2));
        var held = _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 20));
        _h.RunSingle<OrderHeld>(Buy(1, "SPRING", 0, 21));
        _h.RunSingle<OrderReleased>(new PaymentFailed(held.OrderId, Session, "declined"));

        var restored = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(_h.Engine.State));
        var folded = new State.EngineState();
        foreach (var decision in EngineCodec.DeserializeDecisions(EngineCodec.Serialize(_h.Journal)))
        {
            folded.Apply(decision);
        }

        foreach (var state in new[] { restored, folded })
        {
            InvariantChecks.AssertSameState(_h.Engine.State, state);
            Assert.Equal(1, state.PromoCodes[7].Uses);
            Assert.Equal(1, state.PromoCodes[7].UsesOf(1));
            Assert.Equal(("SPRING", 3L, 2), (state.PromoCodes[7].Terms.Code, state.PromoCodes[7].Terms.MaxUses, state.PromoCodes[7].Terms.MaxUsesPerBuyer));
        }
    }
}
