using System.Globalization;
using NATS.Client.Core;
using TicketBooking.Contracts;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// The running nats-server, configured with the repository's nats.conf, maps
/// <c>tb.in.{session}.{kind}</c> to <c>tb.in.{p}.{session}.{kind}</c> with the same p as
/// <see cref="SessionPartitioner"/>.
/// </summary>
[Collection(LocalServices.Name)]
public sealed class NatsMappingTests(ServicesFixture services)
{
    /// <summary>
    /// Probe messages travel on real input subjects, which a TB_INPUT stream (tb.in.&gt;) may capture
    /// while other test projects run. This header makes any stream refuse to store them, while core
    /// subscribers still receive them.
    /// </summary>
    internal const string ExpectedStreamHeader = "Nats-Expected-Stream";

    internal const string NoSuchStream = "TB_NO_SUCH_STREAM_MAPPING_PROBE";

    [Fact]
    public async Task Input_subjects_are_mapped_to_the_partition_the_contracts_compute()
    {
        var nats = services.Nats;
        var kind = "probe" + Guid.NewGuid().ToString("N");
        var sessions = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            sessions.Add(i.ToString(CultureInfo.InvariantCulture)); // small numeric ids, as the engine uses
        }

        sessions.Add(long.MaxValue.ToString(CultureInfo.InvariantCulture));
        sessions.Add("-1");
        sessions.Add("_");
        sessions.Add("session-" + Guid.NewGuid().ToString("N"));
        sessions.Add("zażółć"); // multi-byte UTF-8

        await using var sub = await nats.SubscribeCoreAsync<string>($"tb.in.*.*.{kind}");
        await nats.PingAsync(); // the server has the subscription before the first publish

        var headers = new NatsHeaders { [ExpectedStreamHeader] = NoSuchStream };
        foreach (var session in sessions)
        {
            await nats.PublishAsync(Subjects.Input(session, kind), session, headers: headers);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new Dictionary<string, string>(StringComparer.Ordinal);
        while (received.Count < sessions.Count)
        {
            var msg = await sub.Msgs.ReadAsync(timeout.Token);
            Assert.NotNull(msg.Data);
            Assert.True(received.TryAdd(msg.Data, msg.Subject), $"duplicate delivery for {msg.Data}");
        }

        var partitions = new HashSet<int>();
        foreach (var session in sessions)
        {
            var p = SessionPartitioner.PartitionOf(session);
            partitions.Add(p);
            Assert.Equal(Subjects.PartitionedInput(p, session, kind), received[session]);
        }

        Assert.Equal(SessionPartitioner.DefaultPartitionCount, partitions.Count);
    }

    [Fact]
    public async Task Numeric_session_ids_map_like_their_long_overload()
    {
        var nats = services.Nats;
        var kind = "probe" + Guid.NewGuid().ToString("N");
        long[] ids = [1, 42, 1_000_003, 9_876_543_210, long.MinValue];

        await using var sub = await nats.SubscribeCoreAsync<string>($"tb.in.*.*.{kind}");
        await nats.PingAsync();
        var headers = new NatsHeaders { [ExpectedStreamHeader] = NoSuchStream };
        foreach (var id in ids)
        {
            await nats.PublishAsync(Subjects.Input(id, kind), Subjects.Token(id), headers: headers);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new Dictionary<string, string>(StringComparer.Ordinal);
        while (received.Count < ids.Length)
        {
            var msg = await sub.Msgs.ReadAsync(timeout.Token);
            received[msg.Data!] = msg.Subject;
        }

        foreach (var id in ids)
        {
            Assert.Equal(Subjects.PartitionedInput(id, kind), received[Subjects.Token(id)]);
        }
    }

    [Fact]
    public async Task Subjects_with_other_shapes_are_left_alone()
    {
        var nats = services.Nats;
        var unique = Guid.NewGuid().ToString("N");
        // Five tokens (a partition's own tick) do not match tb.in.*.*.
        var tick = $"tb.in.3.{unique}.tick";

        await using var sub = await nats.SubscribeCoreAsync<string>($"tb.in.*.{unique}.>");
        await nats.PingAsync();
        await nats.PublishAsync(tick, "t", headers: new NatsHeaders { [ExpectedStreamHeader] = NoSuchStream });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var msg = await sub.Msgs.ReadAsync(timeout.Token);
        Assert.Equal(tick, msg.Subject);
    }
}
