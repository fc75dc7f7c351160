using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Messaging;

/// <summary>
/// A partition's journal on <c>tb.out.{p}</c> of TB_DECISIONS, one message per batch, fenced:
/// each append expects the subject's last sequence to be the one this engine wrote before
/// (Nats-Expected-Last-Subject-Sequence), and names itself partition:first-decision (Nats-Msg-Id),
/// so that two engines deciding the same sequence cannot both store it.
/// </summary>
public sealed class JetStreamDecisionJournal(INatsJSContext js, int partition, ulong lastStreamSequence) : IDecisionJournal
{
    /// <summary>The server's error code for a wrong expected last subject sequence.</summary>
    private const int WrongLastSequence = 10071;

    private readonly string _subject = Subjects.Decisions(partition);
    private ulong _lastStreamSequence = lastStreamSequence;
    private long _lastDecisionSequence;

    /// <summary>The stream sequence of the last batch this journal made durable.</summary>
    public ulong LastStreamSequence => Volatile.Read(ref _lastStreamSequence);

    /// <summary>The last decision this journal made durable (0 before the first append).</summary>
    public long LastDecisionSequence => Volatile.Read(ref _lastDecisionSequence);

    public async ValueTask AppendAsync(JournalBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var expected = LastStreamSequence;
        PubAckResponse ack;
        try
        {
            ack = await js.PublishAsync(
                _subject,
                EngineCodec.Serialize(batch),
                opts: new NatsJSPubOpts
                {
                    MsgId = $"{partition}:{batch.FirstDecisionSequence}",
                    ExpectedLastSubjectSequence = expected,
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == WrongLastSequence)
        {
            throw Fenced(batch, expected, e);
        }
        catch (NatsJSDuplicateMessageException e)
        {
            // This journal never resends a batch (a failed append stops the partition), so a message id
            // the stream already has was written by another engine that decided the same sequence.
            throw Fenced(batch, expected, e);
        }

        if (ack.Error is { ErrCode: WrongLastSequence } || ack.Duplicate)
        {
            throw Fenced(batch, expected, null);
        }

        ack.EnsureSuccess();

        Volatile.Write(ref _lastStreamSequence, ack.Seq);
        Volatile.Write(ref _lastDecisionSequence, batch.LastDecisionSequence);
    }

    private JournalFencedException Fenced(JournalBatch batch, ulong expected, Exception? inner)
    {
        var message = $"Partition {partition}: {_subject} no longer ends at stream sequence {expected}; another engine journaled this partition. " +
            $"Decisions {batch.FirstDecisionSequence}..{batch.LastDecisionSequence} were not written and this engine must stop.";
        return inner is null ? new JournalFencedException(message) : new JournalFencedException(message, inner);
    }
}
