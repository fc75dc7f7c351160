using System.Buffers.Binary;
using System.Collections.Concurrent;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Messaging.Consuming;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// A probe of nats-server itself, run only with <c>TB_NATS_PROBES=1</c>: what a PubAck of an R3 stream on the
/// three-node cluster is worth when the whole cluster is SIGKILLed while publishers are busy. After the restart every
/// acknowledged message should be read back, at its sequence, through a consumer filtered on its subject, as the
/// engine reads its partition. On nats-server 2.9.10 it fails about one run in three: a replica comes back without
/// the last acknowledged messages while the leader still counts it current, and a consumer placed on that replica
/// never delivers them (docs/architecture.md, "A whole cluster killed at once"). It is not part of the suite because
/// it measures the server, not this project.
/// </summary>
public sealed class ClusterPubAckProbeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Stream = "TB_CLUSTER_PROBE";
    private const int Subjects = 8;
    private const int Publishers = 64;

    private readonly NatsTestCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [NatsProbeFact]
    public async Task Every_message_acknowledged_before_the_whole_cluster_is_SIGKILLed_is_read_back_at_its_sequence()
    {
        await using (var admin = await _cluster.ConnectAsync("admin"))
        {
            await new NatsJSContext(admin).CreateStreamAsync(new StreamConfig(Stream, ["probe.>"]) { Storage = StreamConfigStorage.File, NumReplicas = 3 });
        }

        var acknowledged = new ConcurrentDictionary<ulong, (string Subject, int Id)>();
        await using (var publisher = await _cluster.ConnectAsync("admin"))
        {
            var js = new NatsJSContext(publisher);
            using var stop = new CancellationTokenSource();
            var next = -1;
            var publishing = Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var id = Interlocked.Increment(ref next);
                    var subject = $"probe.{id % Subjects}";
                    var payload = new byte[64];
                    BinaryPrimitives.WriteInt32LittleEndian(payload, id);
                    try
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        var ack = await js.PublishAsync(subject, payload, cancellationToken: timeout.Token);
                        if (ack.Error is null && !ack.Duplicate)
                        {
                            acknowledged[ack.Seq] = (subject, id);
                        }
                    }
                    catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
                    {
                        await Task.Delay(50);
                    }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await _cluster.KillAllAsync();
            var atKill = acknowledged.Count;
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(publishing);
            output.WriteLine($"{atKill} acknowledged when the kill returned, {acknowledged.Count} in all; highest {acknowledged.Keys.Max()}");
        }

        await _cluster.StartAllAsync();
        await using var reader = await _cluster.ConnectAsync("admin");
        var readJs = new NatsJSContext(reader);
        var read = new Dictionary<ulong, (string Subject, int Id)>();
        for (var subject = 0; subject < Subjects; subject++)
        {
            await ReadSubjectAsync(readJs, $"probe.{subject}", read);
        }

        for (var node = 0; node < NatsTestCluster.Size; node++)
        {
            var status = await _cluster.JetStreamStatusOfAsync(node, "?accounts=true&streams=true");
            output.WriteLine($"{_cluster.NameOf(node)}: {status.GetProperty("account_details")}");
        }

        var missing = acknowledged.Where(pair => !read.TryGetValue(pair.Key, out var found) || found != pair.Value).OrderBy(pair => pair.Key).ToList();
        output.WriteLine($"read back {read.Count}; acknowledged but not read back at their sequence: {missing.Count}");
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged messages not read back at their sequence, e.g. {string.Join(", ", missing.Take(10).Select(pair => $"{pair.Key}={pair.Value} read {(read.TryGetValue(pair.Key, out var f) ? f.ToString() : "nothing")}"))}");
    }

    private static async Task ReadSubjectAsync(NatsJSContext js, string subject, Dictionary<ulong, (string, int)> read)
    {
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    await using var consumer = await EphemeralConsumer.CreateAsync(js, Stream, EphemeralConsumer.Config("probe", subject, 0), CancellationToken.None);
                    await foreach (var message in consumer.FetchAvailableAsync(500, CancellationToken.None))
                    {
                        read[message.Metadata!.Value.Sequence.Stream] = (message.Subject, BinaryPrimitives.ReadInt32LittleEndian(message.Data));
                    }

                    return true;
                }
                catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
                {
                    return false;
                }
            },
            $"{subject} read back",
            TimeSpan.FromSeconds(60));
    }
}

/// <summary>A probe of nats-server's own guarantees: skipped unless <c>TB_NATS_PROBES=1</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NatsProbeFactAttribute : FactAttribute
{
    public NatsProbeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("TB_NATS_PROBES") != "1")
        {
            Skip = "a probe of nats-server itself; set TB_NATS_PROBES=1 to run it";
        }
    }
}
