using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.IntegrationTests.Loyalty;

/// <summary>
/// Writes decisions of one session straight to its partition's journal, numbered as an engine would number them, so
/// that the wallet settles orders whose discounts the test chooses (no engine runs; the wallet's payment results wait
/// in TB_INPUT).
/// </summary>
internal sealed class CraftedJournal(NatsJSContext js, int partition, long sessionId)
{
    // As the engine would write it: a deadline a timestamp holds (the shared journal's other readers read it too).
    private static readonly long HeldUntilMs = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private long _sequence;
    private long _input;

    public long SessionId => sessionId;

    public OrderHeld Held(Guid orderId, long buyerId, long amount, long pointsSpent = 0) =>
        new(++_sequence, ++_input, orderId, sessionId, buyerId, [0], amount, HeldUntilMs, pointsSpent > 0 ? new OrderDiscounts(amount + pointsSpent, 0, 0, pointsSpent) : null);

    public OrderConfirmed Confirmed(Guid orderId) => new(++_sequence, ++_input, orderId, sessionId, [0], 1);

    public OrderReleased Released(Guid orderId, string reason) => new(++_sequence, ++_input, orderId, sessionId, [0], reason);

    public OrderExpired Expired(Guid orderId) => new(++_sequence, ++_input, orderId, sessionId, [0]);

    public OrderCancelled Cancelled(Guid orderId) => new(++_sequence, ++_input, orderId, sessionId, [0]);

    public RefundDue RefundDue(Guid orderId, long buyerId, long amount, RefundReason reason) => new(++_sequence, _input, orderId, sessionId, buyerId, amount, reason);

    /// <summary>Journals the decisions as one batch, as the engine host does.</summary>
    public async Task AppendAsync(params Decision[] decisions)
    {
        var ack = await js.PublishAsync(Subjects.Decisions(partition), EngineCodec.Serialize(new JournalBatch(partition, _input, decisions)));
        ack.EnsureSuccess();
    }
}
