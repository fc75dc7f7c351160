using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine.Commands;
using TicketBooking.IntegrationTests.Nats;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Orders;

/// <summary>
/// The ingress publishes a hold extension on <c>tb.in.{session}.extend</c> (this checkout's nats.conf lets it), with
/// the message id <c>extend:{order}:{n}</c>: a retry of the n-th extension is stored once, the next one is not a retry.
/// </summary>
public sealed class HoldExtensionPublishTests(AuthorizedNatsServer server) : IClassFixture<AuthorizedNatsServer>
{
    private const long Session = 43;

    [Fact]
    public async Task A_retried_extension_is_stored_once_and_the_next_extension_is_stored_again()
    {
        await using var ingress = await server.ConnectAsync("ingress");
        var js = new NatsJSContext(ingress);
        var publisher = new InputPublisher(js);
        var extend = new ExtendHold(Guid.NewGuid(), Session, 7);

        var first = await publisher.PublishAsync(extend, $"extend:{extend.OrderId:N}:1", CancellationToken.None);
        var retry = await publisher.PublishAsync(extend, $"extend:{extend.OrderId:N}:1", CancellationToken.None);
        var next = await publisher.PublishAsync(extend, $"extend:{extend.OrderId:N}:2", CancellationToken.None);
        var stored = await new InputHistoryReader(js).ReadAtAsync(first.StreamSequence, CancellationToken.None);

        Assert.Equal((false, true, false), (first.Duplicate, retry.Duplicate, next.Duplicate));
        Assert.Equal(first.StreamSequence, retry.StreamSequence);
        Assert.True(next.StreamSequence > first.StreamSequence);
        Assert.Equal(extend.OrderId, Assert.IsType<ExtendHold>(stored?.Command).OrderId);
        Assert.Equal(Subjects.PartitionedInput(Session, InputKinds.Extend), Subjects.PartitionedInput(Session, InputKinds.Of(extend)));
    }
}
