using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>The leader's first message on a filter from a sequence on, which a new consumer's first delivery is checked against.</summary>
[Collection(LocalServices.Name)]
public sealed class StreamLeaderCheckTests(ServicesFixture services)
{
    [Fact]
    public async Task The_leader_names_the_first_message_on_the_filter_at_or_after_the_sequence_and_none_past_the_last()
    {
        var unique = Guid.NewGuid().ToString("N");
        var stream = $"TB_IT_{unique}";
        var js = new NatsJSContext(services.Nats);
        await js.CreateStreamAsync(new StreamConfig(stream, [$"tbit.{unique}.>"]) { Storage = StreamConfigStorage.Memory });
        try
        {
            foreach (var partition in new[] { 1, 2, 2, 1, 2 })
            {
                (await js.PublishAsync($"tbit.{unique}.{partition}", "input")).EnsureSuccess();
            }

            var one = $"tbit.{unique}.1";
            Assert.Equal(1UL, await StreamLeaderCheck.NextSequenceAsync(js, stream, one, 0, CancellationToken.None));
            Assert.Equal(4UL, await StreamLeaderCheck.NextSequenceAsync(js, stream, one, 2, CancellationToken.None));
            Assert.Equal(4UL, await StreamLeaderCheck.NextSequenceAsync(js, stream, one, 4, CancellationToken.None));
            Assert.Null(await StreamLeaderCheck.NextSequenceAsync(js, stream, one, 5, CancellationToken.None));
            Assert.Equal(5UL, await StreamLeaderCheck.NextSequenceAsync(js, stream, $"tbit.{unique}.>", 5, CancellationToken.None));
        }
        finally
        {
            await js.DeleteStreamAsync(stream);
        }
    }
}
