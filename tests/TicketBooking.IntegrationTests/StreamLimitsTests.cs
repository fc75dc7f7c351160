using System.Net;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests;

/// <summary>The streams' byte caps against the real nats-server: a full input log refuses purchases, and is reported before.</summary>
[Collection(EngineStreams.Name)]
public sealed class StreamLimitsTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task Streams_made_without_caps_are_updated_to_their_caps_and_the_input_log_to_discard_new()
    {
        var js = new NatsJSContext(services.Nats);
        await JetStreamSetup.RecreateStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        await js.DeleteStreamAsync(Subjects.InputStream);
        await js.CreateStreamAsync(new StreamConfig(Subjects.InputStream, [Subjects.AllInputs]) { Storage = StreamConfigStorage.File, DuplicateWindow = TimeSpan.FromMinutes(2) });

        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);

        var settings = new StreamSettings();
        var input = (await js.GetStreamAsync(Subjects.InputStream)).Info.Config;
        Assert.Equal((StreamConfigDiscard.New, settings.InputMaxBytes), (input.Discard, input.MaxBytes));
        var decisions = (await js.GetStreamAsync(Subjects.DecisionsStream)).Info.Config;
        Assert.Equal((StreamConfigDiscard.New, settings.DecisionsMaxBytes), (decisions.Discard, decisions.MaxBytes));
        Assert.Equal(settings.AvailabilityMaxBytes, (await js.GetStreamAsync(Subjects.AvailabilityStream)).Info.Config.MaxBytes);
    }

    [Fact]
    public async Task A_full_input_log_answers_purchases_503_and_the_engine_host_warns_before()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        var js = new NatsJSContext(services.Nats);
        try
        {
            await using var host = EngineHostProcess.Start(services, scenario.Partition, new Dictionary<string, string>
            {
                ["Engine__Streams__InputMaxBytes"] = "8192",
                ["Engine__Streams__FillCheckInterval"] = "00:00:00.200",
            });
            await host.WaitForStatusAsync(scenario.Partition, "Running");
            Assert.Equal(8192, (await js.GetStreamAsync(Subjects.InputStream)).Info.Config.MaxBytes);
            await using var ingress = await IngressInstance.StartAsync(services);
            var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 1, seatsPerRow: 4);

            // Fill the log on a subject no partition reads, until JetStream refuses even a message far smaller than a purchase.
            foreach (var size in new[] { 512, 64, 16 })
            {
                var refused = false;
                for (var i = 0; i < 100 && !refused; i++)
                {
                    refused = (await js.PublishAsync("tb.in.filler._.none", new byte[size])).Error is not null;
                }

                Assert.True(refused, $"TB_INPUT never refused a message of {size} bytes");
            }

            using var buyer = ingress.Client(buyerId: 31);
            using var order = await IngressInstance.OrderAsync(buyer, session, "into-a-full-log", new { seats = new[] { 0 } });
            Assert.True(order.StatusCode == HttpStatusCode.ServiceUnavailable, $"{order.StatusCode}: {await order.Content.ReadAsStringAsync()}");
            Assert.NotNull(order.Headers.RetryAfter);
            await Eventually.UntilAsync(
                () => Task.FromResult(host.ReadLog().Contains($"Stream {Subjects.InputStream} is", StringComparison.Ordinal)),
                "the engine host to warn that TB_INPUT is nearly full");
            var fill = StreamFill.Of((await js.GetStreamAsync(Subjects.InputStream)).Info);
            Assert.True(fill?.Ratio > 0.8, $"fill {fill}");
        }
        finally
        {
            await JetStreamSetup.RecreateStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        }
    }
}
