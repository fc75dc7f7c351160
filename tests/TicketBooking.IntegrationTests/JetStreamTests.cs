using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.IntegrationTests;

/// <summary>JetStream is enabled and the hand-wired client (build/NatsClient.props) works with it.</summary>
[Collection(LocalServices.Name)]
public sealed class JetStreamTests(ServicesFixture services)
{
    [Fact]
    public async Task Stream_stores_acked_publishes_and_refuses_a_wrong_expected_stream()
    {
        var unique = Guid.NewGuid().ToString("N");
        var streamName = $"TB_IT_{unique}";
        var subject = $"tbit.{unique}.x";
        var js = new NatsJSContext(services.Nats);

        await js.CreateStreamAsync(new StreamConfig(streamName, [$"tbit.{unique}.>"]) { Storage = StreamConfigStorage.File });
        try
        {
            var ack = await js.PublishAsync(subject, "stored");
            ack.EnsureSuccess();
            Assert.Equal(streamName, ack.Stream);
            Assert.Equal(1UL, ack.Seq);

            // What the mapping tests rely on: a mismatched Nats-Expected-Stream keeps a message out of a stream.
            var headers = new NatsHeaders { [NatsMappingTests.ExpectedStreamHeader] = NatsMappingTests.NoSuchStream };
            await services.Nats.PublishAsync(subject, "not stored", headers: headers);
            await services.Nats.PingAsync();

            var stream = await js.GetStreamAsync(streamName);
            Assert.Equal(1L, stream.Info.State.Messages);
        }
        finally
        {
            await js.DeleteStreamAsync(streamName);
        }
    }
}
