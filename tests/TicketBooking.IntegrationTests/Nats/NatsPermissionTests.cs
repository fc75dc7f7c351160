using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>
/// The users and permissions of the repository's nats.conf, on a nats-server of the tests' own: who may connect,
/// and who may publish which input, decision and stream request. A refused publish is dropped by the server, so a
/// test publishes the refused subjects and then one its user may publish, on the same connection, and checks that
/// an admin watching every subject saw only the last.
/// </summary>
public sealed class NatsPermissionTests(AuthorizedNatsServer server) : IClassFixture<AuthorizedNatsServer>
{
    private const long Session = 42;
    private static readonly int Partition = SessionPartitioner.PartitionOf(Session);
    private static readonly byte[] Payload = EngineCodec.Serialize(new PaymentSucceeded(Guid.NewGuid(), Session));

    [Fact]
    public async Task A_connection_without_credentials_or_with_a_wrong_password_is_refused()
    {
        await Assert.ThrowsAnyAsync<NatsException>(() => server.ConnectAsync(user: null));
        await Assert.ThrowsAnyAsync<NatsException>(() => server.ConnectAsync("ingress", "not-the-password"));
    }

    [Fact]
    public async Task The_ingress_publishes_purchases_and_cancellations_alone_and_batched_and_reads_them_back()
    {
        await using var ingress = await server.ConnectAsync("ingress");
        var js = new NatsJSContext(ingress);
        var publisher = new InputPublisher(js);
        var purchase = new Purchase(Guid.NewGuid(), Session, 7, SeatRequest.Explicit(1));

        var alone = await publisher.PublishAsync(purchase, purchase.OrderId.ToString(), CancellationToken.None);
        var again = await publisher.PublishAsync(purchase, purchase.OrderId.ToString(), CancellationToken.None);
        var batch = await publisher.PublishBatchAsync(Partition, [new Cancel(purchase.OrderId, Session, 7), new Purchase(Guid.NewGuid(), Session, 8, SeatRequest.Explicit(2))], CancellationToken.None);
        var stored = await new InputHistoryReader(js).ReadAtAsync(alone.StreamSequence, CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.True(batch.StreamSequence > alone.StreamSequence);
        Assert.Equal(purchase.OrderId, Assert.IsType<Purchase>(stored?.Command).OrderId);
    }

    [Fact]
    public async Task The_ingress_cannot_publish_decisions_availability_ticks_or_payment_results_alone_or_batched() =>
        await AssertRefusedAsync(
            "ingress",
            allowed: Subjects.PartitionedInput(Session, InputKinds.Purchase),
            Subjects.Decisions(1),
            Subjects.Availability(Session),
            Subjects.Tick(Partition),
            Subjects.Input(Session, InputKinds.Payment),
            Subjects.PartitionedInput(Session, InputKinds.Payment),
            Subjects.PaymentsBatch(Partition),
            $"tb.in.{Partition}._.{InputKinds.LegacyBatch}",
            Subjects.Input("_", InputKinds.Payments));

    [Fact]
    public async Task The_wallet_publishes_payment_results_alone_and_batched()
    {
        await using var wallet = await server.ConnectAsync("wallet");
        var publisher = new InputPublisher(new NatsJSContext(wallet));

        var alone = await publisher.PublishAsync(new PaymentSucceeded(Guid.NewGuid(), Session), $"pay:{Guid.NewGuid():N}", CancellationToken.None);
        var batch = await publisher.PublishBatchAsync(Partition, [new PaymentSucceeded(Guid.NewGuid(), Session), new PaymentFailed(Guid.NewGuid(), Session, "declined")], CancellationToken.None);

        Assert.True(batch.StreamSequence > alone.StreamSequence);
    }

    [Fact]
    public async Task The_wallet_cannot_publish_purchases_cancellations_sessions_or_decisions() =>
        await AssertRefusedAsync(
            "wallet",
            allowed: Subjects.PartitionedInput(Session, InputKinds.Payment),
            Subjects.Input(Session, InputKinds.Purchase),
            Subjects.Input(Session, InputKinds.Cancel),
            Subjects.Input(Session, InputKinds.Open),
            Subjects.OrdersBatch(Partition),
            Subjects.Decisions(Partition));

    [Fact]
    public async Task The_engine_updates_its_streams_journals_decisions_and_ticks_but_deletes_no_stream()
    {
        await using var engine = await server.ConnectAsync("engine");
        var js = new NatsJSContext(engine);

        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings(), CancellationToken.None);
        var decision = await js.PublishAsync(Subjects.Decisions(Partition), Payload);
        var tick = await new InputPublisher(js).PublishTickAsync(Partition, CancellationToken.None);

        decision.EnsureSuccess();
        Assert.True(tick.StreamSequence > 0);
        await Assert.ThrowsAnyAsync<NatsException>(() => js.DeleteStreamAsync(Subjects.DecisionsStream).AsTask());
    }

    [Fact]
    public async Task The_engine_cannot_publish_what_buyers_or_the_wallet_send() =>
        await AssertRefusedAsync(
            "engine",
            allowed: Subjects.Decisions(Partition),
            Subjects.Input(Session, InputKinds.Purchase),
            Subjects.Input(Session, InputKinds.Payment),
            Subjects.OrdersBatch(Partition),
            Subjects.PaymentsBatch(Partition));

    [Theory]
    [InlineData("projections")]
    [InlineData("ops")]
    public async Task Readers_read_the_journal_and_publish_nothing(string user)
    {
        await using (var engine = await server.ConnectAsync("engine"))
        {
            (await new NatsJSContext(engine).PublishAsync(Subjects.Decisions(Partition), Payload)).EnsureSuccess();
        }

        await using var reader = await server.ConnectAsync(user);
        var js = new NatsJSContext(reader);
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream);
        var consumer = await js.CreateOrUpdateConsumerAsync(
            Subjects.DecisionsStream,
            new ConsumerConfig { Name = $"tb-permission-test-{Guid.NewGuid():N}", FilterSubject = Subjects.AllDecisions, AckPolicy = ConsumerConfigAckPolicy.None, MemStorage = true });
        var first = await consumer.NextAsync<byte[]>();
        await js.DeleteConsumerAsync(Subjects.DecisionsStream, consumer.Info.Name);

        Assert.True(stream.Info.State.Messages > 0);
        Assert.Equal(1UL, first?.Metadata?.Sequence.Stream);
        await AssertRefusedAsync(user, allowed: null, Subjects.Input(Session, InputKinds.Purchase), Subjects.Decisions(Partition), Subjects.Availability(Session));
    }

    /// <summary>
    /// Publishes <paramref name="refused"/> as <paramref name="user"/>, then <paramref name="allowed"/> (or, for a user
    /// who may publish nothing, the same last subject as the admin), and checks that the admin saw nothing before it.
    /// </summary>
    private async Task AssertRefusedAsync(string user, string? allowed, params string[] refused)
    {
        await using var admin = await server.ConnectAsync("admin");
        await using var everything = await admin.SubscribeCoreAsync<byte[]>("tb.>");
        await admin.PingAsync();
        await using var connection = await server.ConnectAsync(user);
        var marker = allowed ?? Subjects.Decisions(Partition);

        foreach (var subject in refused)
        {
            await connection.PublishAsync(subject, Payload);
        }

        await connection.PingAsync(); // the server has handled everything before it

        await (allowed is null ? admin : connection).PublishAsync(marker, Payload);

        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var message in everything.Msgs.ReadAllAsync(timeout.Token))
        {
            if (message.Subject == marker)
            {
                break;
            }

            seen.Add(message.Subject);
        }

        Assert.Empty(seen);
    }
}
