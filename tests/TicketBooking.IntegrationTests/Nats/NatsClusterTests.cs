using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine.Commands;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// The three-node cluster of <c>./tb up --cluster</c> (nats-cluster.conf with nats-shared.conf), on servers of the
/// tests' own: it forms, JetStreamSetup gives the streams three replicas, the mapping and permissions work across
/// nodes, and an R3 stream stays writable with one node killed (a PubAck needs a quorum, 2 of 3) and the node
/// catches up when it comes back.
/// </summary>
public sealed class NatsClusterTests(NatsTestCluster cluster) : IClassFixture<NatsTestCluster>
{
    private static readonly StreamSettings ThreeReplicas = new() { Replicas = 3 };
    private static readonly string[] Streams = [Subjects.InputStream, Subjects.DecisionsStream, Subjects.AvailabilityStream];

    [Fact]
    public async Task The_nodes_agree_on_one_meta_leader_and_JetStreamSetup_creates_the_streams_with_three_replicas()
    {
        var leaders = await Task.WhenAll(Enumerable.Range(0, NatsTestCluster.Size).Select(MetaLeaderSeenByAsync));
        await using var engine = await cluster.ConnectAsync("engine");
        var js = new NatsJSContext(engine);

        await JetStreamSetup.EnsureStreamsAsync(js, ThreeReplicas, CancellationToken.None);

        Assert.Contains(leaders[0], cluster.NodeNames);
        Assert.All(leaders, leader => Assert.Equal(leaders[0], leader));
        foreach (var stream in Streams)
        {
            var info = (await js.GetStreamAsync(stream)).Info;
            Assert.Equal(3, info.Config.NumReplicas);
            Assert.Contains(info.Cluster!.Leader, cluster.NodeNames);
            Assert.Equal(2, info.Cluster.Replicas!.Count);
        }
    }

    [Fact]
    public async Task A_purchase_published_through_one_node_is_mapped_to_its_partition_and_read_from_another()
    {
        await EnsureStreamsAsync();
        const long session = 42;
        var purchase = new Purchase(Guid.NewGuid(), session, 7, SeatRequest.Explicit(1));
        await using var first = await cluster.ConnectAsync("ingress", cluster.UrlOf(0));
        await using var last = await cluster.ConnectAsync("ingress", cluster.UrlOf(NatsTestCluster.Size - 1));
        var reading = new NatsJSContext(last);

        var published = await new InputPublisher(new NatsJSContext(first)).PublishAsync(purchase, purchase.OrderId.ToString(), CancellationToken.None);
        var stored = await new InputHistoryReader(reading).ReadAtAsync(published.StreamSequence, CancellationToken.None);
        var message = await (await reading.GetStreamAsync(Subjects.InputStream)).GetAsync(new StreamMsgGetRequest { Seq = published.StreamSequence });

        Assert.Equal(purchase.OrderId, Assert.IsType<Purchase>(stored?.Command).OrderId);
        Assert.Equal(Subjects.PartitionedInput(session, InputKinds.Purchase), message.Message.Subject);
    }

    [Fact]
    public async Task With_the_stream_leader_killed_a_purchase_is_still_acknowledged_and_the_node_catches_up_when_it_returns()
    {
        await EnsureStreamsAsync();
        await using var ingress = await cluster.ConnectAsync("ingress");
        await using var admin = await cluster.ConnectAsync("admin");
        var leader = cluster.IndexOf((await new NatsJSContext(admin).GetStreamAsync(Subjects.InputStream)).Info.Cluster!.Leader!);
        var purchase = new Purchase(Guid.NewGuid(), 43, 7, SeatRequest.Explicit(1));

        await cluster.KillAsync(leader);
        var acknowledged = await PublishUntilAcknowledgedAsync(new InputPublisher(new NatsJSContext(ingress)), purchase);
        await cluster.StartAsync(leader);

        Assert.True(acknowledged.StreamSequence > 0);
        await Eventually.UntilAsync(
            () => LastSequenceOnNodeAsync(leader, Subjects.InputStream),
            last => last >= acknowledged.StreamSequence,
            $"{cluster.NodeNames.ElementAt(leader)} to catch up to TB_INPUT sequence {acknowledged.StreamSequence}");
    }

    private async Task EnsureStreamsAsync()
    {
        await using var engine = await cluster.ConnectAsync("engine");
        await JetStreamSetup.EnsureStreamsAsync(new NatsJSContext(engine), ThreeReplicas, CancellationToken.None);
    }

    private async Task<string> MetaLeaderSeenByAsync(int node) =>
        (await cluster.JetStreamStatusOfAsync(node)).GetProperty("meta_cluster").GetProperty("leader").GetString() ?? "";

    /// <summary>The last sequence of <paramref name="stream"/> in the node's own replica (its /jsz), 0 when it has none yet.</summary>
    private async Task<ulong> LastSequenceOnNodeAsync(int node, string stream)
    {
        var status = await cluster.JetStreamStatusOfAsync(node, "?accounts=true&streams=true");
        if (!status.TryGetProperty("account_details", out var accounts) || accounts.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        return accounts.EnumerateArray()
            .SelectMany(account => account.TryGetProperty("stream_detail", out var details) ? details.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(detail => detail.GetProperty("name").GetString() == stream)
            .Select(detail => detail.GetProperty("state").GetProperty("last_seq").GetUInt64())
            .DefaultIfEmpty(0UL)
            .Max();
    }

    /// <summary>Until the remaining two elect a leader the publish goes unanswered; the message id makes a retry harmless.</summary>
    private static async Task<PublishedInput> PublishUntilAcknowledgedAsync(InputPublisher publisher, Purchase purchase)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await publisher.PublishAsync(purchase, purchase.OrderId.ToString(), CancellationToken.None);
            }
            catch (NatsException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
