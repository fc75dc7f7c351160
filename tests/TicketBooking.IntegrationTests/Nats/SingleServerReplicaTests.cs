using NATS.Client.JetStream;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>Replicas above 1 need the cluster: a single server refuses them, and JetStreamSetup says what to do.</summary>
public sealed class SingleServerReplicaTests(AuthorizedNatsServer server) : IClassFixture<AuthorizedNatsServer>
{
    [Fact]
    public async Task Three_replicas_on_a_single_server_are_refused_with_the_reason()
    {
        await using var engine = await server.ConnectAsync("engine");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => JetStreamSetup.EnsureStreamsAsync(new NatsJSContext(engine), new StreamSettings { Replicas = 3 }, CancellationToken.None));

        Assert.Contains("not part of a JetStream cluster", refused.Message, StringComparison.Ordinal);
    }
}
