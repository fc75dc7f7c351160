using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Journal;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Messaging;

/// <summary>
/// Reads a partition's decision journal back: for recovery, projections and the operator CLI. A read survives a
/// NATS restart or a lost connection (it resumes after the last batch it returned), for as long as
/// <paramref name="resilience"/> allows.
/// </summary>
public sealed class JournalReader(INatsJSContext js, ILogger? logger = null, ConsumerResilience? resilience = null)
{
    /// <summary>The stream sequence of the partition's last journaled batch, 0 when it has none.</summary>
    public async Task<ulong> LastStreamSequenceAsync(int partition, CancellationToken cancellationToken) =>
        await StreamLeaderCheck.LastSequenceAsync(js, Subjects.DecisionsStream, Subjects.Decisions(partition), cancellationToken).ConfigureAwait(false) ?? 0;

    /// <summary>The partition's batches from <paramref name="fromStreamSequence"/> up to the last one there is now.</summary>
    public async IAsyncEnumerable<JournaledBatch> ReadAsync(int partition, ulong fromStreamSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = await LastStreamSequenceAsync(partition, cancellationToken).ConfigureAwait(false);
        if (last < Math.Max(fromStreamSequence, 1))
        {
            yield break;
        }

        var messages = SubjectReader.ReadAsync(js, Subjects.DecisionsStream, Subjects.Decisions(partition), fromStreamSequence, logger ?? NullLogger.Instance, resilience, cancellationToken);
        await foreach (var message in messages.ConfigureAwait(false))
        {
            var sequence = message.Metadata?.Sequence.Stream ?? throw new InvalidOperationException("Journal message without JetStream metadata.");
            yield return new JournaledBatch(sequence, EngineCodec.DeserializeBatch(message.Data ?? []));
            if (sequence >= last)
            {
                yield break;
            }
        }
    }
}

/// <summary>A journal batch and where it is stored in TB_DECISIONS.</summary>
public sealed record JournaledBatch(ulong StreamSequence, JournalBatch Batch);
