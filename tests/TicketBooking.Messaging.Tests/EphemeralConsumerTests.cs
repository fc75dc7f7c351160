using NATS.Client.JetStream.Models;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Messaging.Tests;

public class EphemeralConsumerTests
{
    [Fact]
    public void A_consumer_that_read_nothing_yet_starts_by_its_initial_policy()
    {
        var config = EphemeralConsumer.Config("tb-test", "tb.avail.>", afterSequence: 0, ConsumerConfigDeliverPolicy.LastPerSubject);

        Assert.Equal(ConsumerConfigDeliverPolicy.LastPerSubject, config.DeliverPolicy);
        Assert.Equal((ulong?)0, config.OptStartSeq);
    }

    [Fact]
    public void A_consumer_after_a_checkpoint_starts_just_after_it()
    {
        var config = EphemeralConsumer.Config("tb-test", "tb.out.>", afterSequence: 41);

        Assert.Equal(ConsumerConfigDeliverPolicy.ByStartSequence, config.DeliverPolicy);
        Assert.Equal((ulong?)42, config.OptStartSeq);
    }

    [Fact]
    public void A_throwaway_consumer_has_one_filter_no_acks_a_memory_store_and_an_inactive_threshold()
    {
        var config = EphemeralConsumer.Config("tb-test", "tb.out.3", afterSequence: 0);

        Assert.StartsWith("tb-test-", config.Name, StringComparison.Ordinal);
        Assert.Equal("tb.out.3", config.FilterSubject);
        Assert.Null(config.FilterSubjects);
        Assert.Equal(ConsumerConfigAckPolicy.None, config.AckPolicy);
        Assert.True(config.MemStorage == true);
        Assert.Equal((TimeSpan?)EphemeralConsumer.DefaultInactiveThreshold, config.InactiveThreshold);
        Assert.Equal((TimeSpan?)TimeSpan.FromMinutes(1), EphemeralConsumer.Config("tb-test", "tb.out.3", 0, inactiveThreshold: TimeSpan.FromMinutes(1)).InactiveThreshold);
    }

    [Fact]
    public void Every_consumer_gets_a_name_of_its_own()
    {
        Assert.NotEqual(EphemeralConsumer.Config("tb-test", "tb.out.>", 0).Name, EphemeralConsumer.Config("tb-test", "tb.out.>", 0).Name);
    }
}
