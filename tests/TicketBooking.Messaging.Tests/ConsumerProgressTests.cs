using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Messaging.Tests;

/// <summary>A consumer's readiness, as the services' health checks report it.</summary>
public sealed class ConsumerProgressTests
{
    [Fact]
    public void A_consumer_not_yet_created_is_not_ready_and_says_so()
    {
        var progress = new ConsumerProgress("decisions");

        var (ready, description) = progress.Readiness(maxPending: 100);

        Assert.False(ready);
        Assert.StartsWith("decisions: no live consumer", description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_consumer_is_ready_up_to_the_pending_bound_and_not_past_it()
    {
        var progress = new ConsumerProgress("settlement");

        progress.Connected(pending: 100);
        Assert.Equal((true, "settlement: live, 100 messages behind."), progress.Readiness(maxPending: 100));

        progress.Connected(pending: 101);
        Assert.Equal((false, "settlement: 101 messages behind (more than 100)."), progress.Readiness(maxPending: 100));
    }

    [Fact]
    public void A_lost_consumer_is_not_ready_until_it_is_connected_again()
    {
        var progress = new ConsumerProgress("decisions");
        progress.Connected(pending: 0);

        progress.Lost();
        Assert.False(progress.IsLive);
        Assert.False(progress.Readiness(maxPending: 10).IsReady);

        progress.Connected(pending: 0);
        Assert.True(progress.Readiness(maxPending: 10).IsReady);
    }
}
