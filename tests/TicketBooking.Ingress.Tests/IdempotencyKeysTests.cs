using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress.Tests;

public class IdempotencyKeysTests
{
    private static readonly Guid First = Guid.NewGuid();

    [Fact]
    public void The_first_claim_is_new_and_a_retry_of_the_same_request_matches()
    {
        var keys = new IdempotencyKeys(capacity: 10);

        Assert.True(keys.TryClaim(First, "1:seats:1,2", out var claimedNow));
        Assert.True(claimedNow);
        Assert.True(keys.TryClaim(First, "1:seats:1,2", out claimedNow));
        Assert.False(claimedNow);
    }

    [Fact]
    public void The_same_key_for_another_request_is_refused() =>
        Assert.False(Claimed(new IdempotencyKeys(capacity: 10), ("1:seats:1,2", First), ("1:seats:3", First)));

    [Fact]
    public void A_released_claim_may_be_used_for_another_request()
    {
        var keys = new IdempotencyKeys(capacity: 10);
        keys.TryClaim(First, "1:seats:1,2", out _);

        keys.Release(First);

        Assert.True(keys.TryClaim(First, "1:seats:3", out var claimedNow));
        Assert.True(claimedNow);
    }

    [Fact]
    public void The_oldest_claims_are_forgotten_beyond_the_capacity()
    {
        var keys = new IdempotencyKeys(capacity: 2);
        var second = Guid.NewGuid();
        var third = Guid.NewGuid();
        keys.TryClaim(First, "a", out _);
        keys.TryClaim(second, "b", out _);
        keys.TryClaim(third, "c", out _);

        Assert.True(keys.TryClaim(First, "other", out var claimedNow));
        Assert.True(claimedNow);
        Assert.False(keys.TryClaim(third, "other", out _));
    }

    private static bool Claimed(IdempotencyKeys keys, params (string Hash, Guid Id)[] claims)
    {
        var result = true;
        foreach (var (hash, id) in claims)
        {
            result = keys.TryClaim(id, hash, out _);
        }

        return result;
    }
}
