using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// What a PubAck of a single nats-server 2.9 is worth against a process crash (docs/architecture.md, "What a PubAck is
/// worth"): messages published with PubAcks, the server SIGKILLed right after the last PubAck, restarted on its data,
/// and every acknowledged message still there. (Power loss cannot be tested here: the server writes before it
/// acknowledges but does not fsync, so the page cache is what survives a SIGKILL.)
/// </summary>
public sealed class PubAckDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Stream = "TB_PUBACK_PROBE";
    private const int Rounds = 3;
    private const int MessagesPerRound = 20_000;
    private const int InFlight = 256;

    private readonly AuthorizedNatsServer _nats = new();

    public Task InitializeAsync() => _nats.InitializeAsync();

    public Task DisposeAsync() => _nats.DisposeAsync();

    [Fact]
    public async Task Every_message_acknowledged_before_a_SIGKILL_is_in_the_stream_after_the_restart()
    {
        await using (var admin = await _nats.ConnectAsync("admin"))
        {
            await new NatsJSContext(admin).CreateStreamAsync(new StreamConfig(Stream, ["probe.>"]) { Storage = StreamConfigStorage.File });
        }

        ulong acknowledged = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await using (var publisher = await _nats.ConnectAsync("admin"))
            {
                var js = new NatsJSContext(publisher);
                var payload = new byte[200];
                using var gate = new SemaphoreSlim(InFlight);
                var acks = Enumerable.Range(0, MessagesPerRound).Select(async i =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var ack = await js.PublishAsync($"probe.{i % 16}", payload);
                        ack.EnsureSuccess();
                        return ack.Seq;
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                var sequences = await Task.WhenAll(acks);
                acknowledged = Math.Max(acknowledged, sequences.Max());
                await _nats.KillAsync();
            }

            await _nats.RestartAsync();
            await using var reader = await _nats.ConnectAsync("admin");
            var state = (await new NatsJSContext(reader).GetStreamAsync(Stream)).Info.State;
            output.WriteLine($"Round {round + 1}: {MessagesPerRound} acknowledged ({InFlight} in flight), highest acknowledged sequence {acknowledged}; after SIGKILL and restart the stream holds {state.Messages} messages, last sequence {state.LastSeq}");
            Assert.Equal((long)MessagesPerRound * (round + 1), state.Messages);
            Assert.True(state.LastSeq >= acknowledged, $"Acknowledged up to {acknowledged}, but after the restart the stream ends at {state.LastSeq}.");
        }
    }
}
