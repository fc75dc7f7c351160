using System.ComponentModel;
using System.Globalization;
using TicketBooking.Engine.Promotions;
using TicketBooking.Ingress.Catalog;

namespace TicketBooking.Ingress.Promotions;

/// <summary>
/// Body of <c>POST /api/admin/promo-codes</c>: the code's text, what it takes off, when it is valid, how often it may be
/// used, and where: every session of one event (as it has them now), or the sessions named, limited to seat categories
/// when given.
/// </summary>
public sealed record PromoCodeRequest(
    [property: Description("3 to 32 letters, digits, '-' or '_'; stored and matched in upper case.")]
    string Code,
    [property: Description("percent (value 1 to 100 of the eligible seats' list price, rounded down) or fixed (value minor units off, at most that price).")]
    string Kind,
    long Value,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    [property: Description("Total uses by live orders; 0 (the default) is unlimited. Split across the engine partitions of the sessions, so at least their number.")]
    long MaxUses = 0,
    [property: Description("Uses by one buyer's live orders; 0 (the default) is unlimited. Exact within a partition.")]
    int MaxUsesPerBuyer = 0,
    [property: Description("Every session the event has now; give either this or sessionIds.")]
    long? EventId = null,
    long[]? SessionIds = null,
    [property: Description("Seat categories whose list price it discounts; none (the default) is every category.")]
    int[]? Categories = null)
{
    public const string Form =
        """{"code": "SPRING-10", "kind": "percent" | "fixed", "value": n, "validFrom": time, "validUntil": time, "maxUses": 0, "maxUsesPerBuyer": 0, "eventId": id | "sessionIds": [ids], "categories": [c]}""";

    public const string Percent = "percent";
    public const string Fixed = "fixed";

    public PromoKind? KindValue => Kind switch
    {
        Percent => PromoKind.Percent,
        Fixed => PromoKind.Fixed,
        _ => null,
    };

    /// <summary>What is wrong with the request by itself, before the sessions are looked up; null when nothing.</summary>
    public UnprocessableProblem? Validate(DateTimeOffset now)
    {
        if (!PromoCodeText.TryNormalize(Code, out _))
        {
            return new UnprocessableProblem("code", PromoCodeText.Rule + ".");
        }

        if (KindValue is not { } kind)
        {
            return new UnprocessableProblem("kind", $"kind is {Percent} or {Fixed}.");
        }

        if (kind == PromoKind.Percent ? Value is < 1 or > 100 : Value is < 1 or > PromoCodeLimits.MaxFixedValue)
        {
            return new UnprocessableProblem("value", kind == PromoKind.Percent
                ? "A percent code takes 1 to 100 percent off."
                : string.Create(CultureInfo.InvariantCulture, $"A fixed code takes 1 to {PromoCodeLimits.MaxFixedValue} minor units off."));
        }

        if (ValidUntil <= ValidFrom || ValidUntil <= now)
        {
            return new UnprocessableProblem("validUntil", "validUntil is after validFrom, and in the future.");
        }

        if (MaxUses < 0 || MaxUsesPerBuyer < 0)
        {
            return new UnprocessableProblem(MaxUses < 0 ? "maxUses" : "maxUsesPerBuyer", "Use limits are 0 (unlimited) or more.");
        }

        if ((EventId is null) == (SessionIds is null))
        {
            return new UnprocessableProblem("sessionIds", "Give either eventId or sessionIds.");
        }

        if (SessionIds is { } sessions && (sessions.Length is 0 or > PromoCodeTerms.MaxSessions || sessions.Distinct().Count() != sessions.Length || sessions.Any(id => id <= 0)))
        {
            return new UnprocessableProblem("sessionIds", string.Create(CultureInfo.InvariantCulture, $"Name 1 to {PromoCodeTerms.MaxSessions} distinct sessions."));
        }

        return Categories is { } categories && (categories.Any(c => c is < 0 or > byte.MaxValue) || categories.Distinct().Count() != categories.Length)
            ? new UnprocessableProblem("categories", "Categories are distinct, 0 to 255.")
            : null;
    }
}

/// <summary>The sizes a promo code may have.</summary>
public static class PromoCodeLimits
{
    /// <summary>A fixed discount of at most 10 billion minor units: far above any order, far below an overflow.</summary>
    public const long MaxFixedValue = 10_000_000_000;
}
