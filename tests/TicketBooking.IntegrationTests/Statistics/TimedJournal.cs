using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.IntegrationTests.Statistics;

/// <summary>
/// TB_DECISIONS read back message by message with the time JetStream stored each one (the clock the statistics
/// bucket sales by) and its bytes, so that the same journal can be published again.
/// </summary>
internal sealed record TimedJournal(IReadOnlyList<TimedJournal.Message> Messages)
{
    public IEnumerable<(Decision Decision, DateTimeOffset JournaledAt)> Decisions =>
        Messages.SelectMany(message => message.Decisions.Select(decision => (decision, message.StoredAt)));

    public static async Task<TimedJournal> ReadAsync(INatsJSContext js)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream);
        var messages = new List<Message>();
        for (var sequence = stream.Info.State.FirstSeq; sequence <= stream.Info.State.LastSeq && sequence > 0; sequence++)
        {
            var stored = (await stream.GetAsync(new StreamMsgGetRequest { Seq = sequence })).Message;
            messages.Add(new Message(stored.Subject, stored.Seq, stored.Time, stored.Data.ToArray(), [.. EngineCodec.DeserializeBatch(stored.Data).Decisions]));
        }

        return new TimedJournal(messages);
    }

    /// <summary>Every message again, in order, onto a TB_DECISIONS created anew: the same journal, stamped with new times.</summary>
    public async Task PublishAgainAsync(INatsJSContext js)
    {
        foreach (var message in Messages)
        {
            (await js.PublishAsync(message.Subject, message.Data)).EnsureSuccess();
        }
    }

    public sealed record Message(string Subject, ulong Sequence, DateTimeOffset StoredAt, byte[] Data, Decision[] Decisions);
}
