using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Messaging;

/// <summary>
/// Reads one partition's input log, <c>tb.in.{p}.&gt;</c> of TB_INPUT, in order, from a position on.
/// <paramref name="partitionCount"/> is P, to check that each command of a batch belongs to this partition.
/// It survives a NATS restart or a lost connection: the read resumes after the last input it returned.
/// </summary>
public sealed class InputReader(
    INatsJSContext js,
    int partition,
    int partitionCount = SessionPartitioner.DefaultPartitionCount,
    ILogger? logger = null,
    ConsumerResilience? resilience = null)
{
    /// <summary>Every input after <paramref name="afterSequence"/>, then waits for more until cancelled.</summary>
    public async IAsyncEnumerable<EngineInput> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = SubjectReader.ReadAsync(js, Subjects.InputStream, Subjects.PartitionFilter(partition), (ulong)afterSequence + 1, logger ?? NullLogger.Instance, resilience, cancellationToken);
        await foreach (var message in messages.ConfigureAwait(false))
        {
            var metadata = message.Metadata ?? throw new InvalidOperationException($"Input on {message.Subject} came without JetStream metadata.");
            yield return InputDecoder.Decode(message.Subject, message.Data ?? [], metadata.Sequence.Stream, metadata.Timestamp, partitionCount);
        }
    }
}
