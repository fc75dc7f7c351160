using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>Writes commands into TB_INPUT. A returned sequence means the input is durable in JetStream.</summary>
public sealed class InputPublisher(INatsJSContext js)
{
    /// <summary>
    /// Publishes to <c>tb.in.{session}.{kind}</c> (the server maps it to its partition). A repeated
    /// <paramref name="messageId"/> within the stream's duplicate window is stored once.
    /// </summary>
    public async ValueTask<PublishedInput> PublishAsync(Command command, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var session = Concerning.SessionOf(command)
            ?? throw new ArgumentException("Ticks go to a partition: use PublishTickAsync.", nameof(command));
        return await PublishAsync(Subjects.Input(session, InputKinds.Of(command)), command, messageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes several commands of one partition as one log entry, without a message id (the engine refuses a
    /// repeated order id, whatever the message it comes in): purchases and cancellations on
    /// <c>tb.in.{p}._.orders</c>, payment results on <c>tb.in.{p}._.payments</c>, never both in one entry.
    /// </summary>
    public ValueTask<PublishedInput> PublishBatchAsync(int partition, Command[] commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentOutOfRangeException.ThrowIfZero(commands.Length, nameof(commands));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(commands.Length, InputBatch.MaxCommands, nameof(commands));
        var kind = InputKinds.BatchOf(commands[0]);
        if (kind is null || commands.Any(command => InputKinds.BatchOf(command) != kind))
        {
            throw new ArgumentException("A batch holds either purchases and cancellations, or payment results.", nameof(commands));
        }

        var subject = kind == InputKinds.Orders ? Subjects.OrdersBatch(partition) : Subjects.PaymentsBatch(partition);
        return PublishAsync(subject, new InputBatch(commands), messageId: null, cancellationToken);
    }

    /// <summary>
    /// Publishes a promo code's definition for one partition to <c>tb.in.{p}._.promo</c>. A repeated
    /// <paramref name="messageId"/> within the stream's duplicate window is stored once; after it, the engine
    /// refuses the repeated id, so the definition stays the first one either way.
    /// </summary>
    public ValueTask<PublishedInput> PublishPromoCodeAsync(int partition, DefinePromoCode definition, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return PublishAsync(Subjects.PromoCodes(partition), definition, messageId, cancellationToken);
    }

    /// <summary>Moves a partition's time forward, so that holds expire while no buyer is active.</summary>
    public ValueTask<PublishedInput> PublishTickAsync(int partition, CancellationToken cancellationToken) =>
        PublishAsync(Subjects.Tick(partition), Tick.Instance, messageId: null, cancellationToken);

    private async ValueTask<PublishedInput> PublishAsync(string subject, Command command, string? messageId, CancellationToken cancellationToken)
    {
        try
        {
            var ack = await js.PublishAsync(
                subject,
                EngineCodec.Serialize(command),
                opts: new NatsJSPubOpts { MsgId = messageId },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            ack.EnsureSuccess();
            return new PublishedInput(ack.Seq, ack.Duplicate);
        }
        catch (NatsJSDuplicateMessageException duplicate)
        {
            return new PublishedInput(duplicate.Sequence, Duplicate: true);
        }
    }
}

/// <summary>Where an input landed in TB_INPUT; <see cref="Duplicate"/> when its message id had been stored before.</summary>
public readonly record struct PublishedInput(ulong StreamSequence, bool Duplicate);
