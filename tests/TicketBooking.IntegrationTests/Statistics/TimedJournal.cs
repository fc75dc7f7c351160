using System.Buffers;
using MessagePack;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.IntegrationTests.Statistics;

/// <summary>
/// TB_DECISIONS read back message by message with the time JetStream stored each one (the clock the statistics
/// bucket sales by); messages this version cannot read are kept as bytes only, so the journal can be published again.
/// </summary>
internal sealed record TimedJournal(IReadOnlyList<TimedJournal.Message> Messages)
{
    public IEnumerable<(Decision Decision, DateTimeOffset JournaledAt)> Decisions =>
        Messages.Where(message => message.Decisions is not null).SelectMany(message => message.Decisions!.Select(decision => (decision, message.StoredAt)));

    public static async Task<TimedJournal> ReadAsync(INatsJSContext js)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream);
        var messages = new List<Message>();
        for (var sequence = stream.Info.State.FirstSeq; sequence <= stream.Info.State.LastSeq && sequence > 0; sequence++)
        {
            var stored = (await stream.GetAsync(new StreamMsgGetRequest { Seq = sequence })).Message;
            Decision[]? decisions;
            try
            {
                decisions = [.. EngineCodec.DeserializeBatch(stored.Data).Decisions];
            }
            catch (MessagePackSerializationException)
            {
                decisions = null;
            }

            messages.Add(new Message(stored.Subject, stored.Seq, stored.Time, stored.Data.ToArray(), decisions));
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

    /// <summary>A journal batch holding a decision of a kind no version of the engine has (union key 250): unreadable, as a newer engine's may be.</summary>
    public static byte[] UnknownDecisionBatch(int partition)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(partition);
        writer.Write(1L);
        writer.WriteArrayHeader(1);
        writer.WriteArrayHeader(2);
        writer.Write(250);
        writer.WriteArrayHeader(2);
        writer.Write(1L);
        writer.Write(1L);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public sealed record Message(string Subject, ulong Sequence, DateTimeOffset StoredAt, byte[] Data, Decision[]? Decisions);
}
