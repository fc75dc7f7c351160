using System.Diagnostics;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>
/// Group commit into TB_INPUT: purchases and cancellations published concurrently for one partition travel as one log entry
/// (<see cref="InputPublisher.PublishBatchAsync"/>) and one PubAck answers all of them. Each partition has at
/// most one publish in flight; whatever arrives meanwhile waits and goes in the next one, so batches grow
/// with the load and a lone command waits for nothing. A lone command is published on its own, with its
/// message id, exactly as <see cref="InputPublisher.PublishAsync(TicketBooking.Engine.Commands.Command, string?, CancellationToken)"/> would.
/// </summary>
/// <remarks>
/// A command inside a batch has no message id: a repeated one is stored again and the engine, which refuses
/// an order id it has seen, decides it <c>DuplicateOrder</c>. The JetStream duplicate window is only a first
/// filter, never the guarantee.
/// </remarks>
public sealed class GroupCommitPublisher
{
    private readonly InputPublisher _publisher;
    private readonly PartitionQueue[] _partitions;
    private readonly int _partitionCount;

    /// <param name="publisher">Writes the log entries.</param>
    /// <param name="options">P, the batch bound and the time one publish may take.</param>
    public GroupCommitPublisher(InputPublisher publisher, GroupCommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PartitionCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxCommands);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxCommands, InputBatch.MaxCommands);
        _publisher = publisher;
        _partitionCount = options.PartitionCount;
        _partitions = new PartitionQueue[options.PartitionCount];
        for (var p = 0; p < _partitions.Length; p++)
        {
            _partitions[p] = new PartitionQueue(p, publisher, options);
        }
    }

    /// <summary>
    /// Completes once the command is durable in TB_INPUT (alone or in a batch); throws what the publish threw
    /// (a <see cref="NATS.Client.Core.NatsException"/>, or <see cref="TimeoutException"/> when the PubAck took
    /// longer than <see cref="GroupCommitOptions.PublishTimeout"/>).
    /// </summary>
    /// <param name="command">A purchase or a cancellation (what travels in a partition's orders batch).</param>
    /// <param name="messageId">The message id used when the command is published alone.</param>
    /// <param name="cancellationToken">Stops waiting; the command may still be published.</param>
    public Task<PublishedInput> PublishAsync(Command command, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (InputKinds.BatchOf(command) != InputKinds.Orders || Concerning.SessionOf(command) is not { } session)
        {
            throw new ArgumentException("Only purchases and cancellations are grouped.", nameof(command));
        }

        var partition = SessionPartitioner.PartitionOf(session, _partitionCount);
        return _partitions[partition].Enqueue(command, messageId).WaitAsync(cancellationToken);
    }

    private sealed class PartitionQueue(int partition, InputPublisher publisher, GroupCommitOptions options)
    {
        private readonly Lock _gate = new();
        private List<Waiting> _waiting = [];
        private List<Waiting> _spare = [];
        private bool _publishing;

        public Task<PublishedInput> Enqueue(Command command, string? messageId)
        {
            var waiting = new Waiting(command, messageId);
            bool start;
            lock (_gate)
            {
                _waiting.Add(waiting);
                start = !_publishing;
                _publishing = true;
            }

            if (start)
            {
                _ = Task.Run(PublishWhileWaitingAsync);
            }

            return waiting.Done.Task;
        }

        private async Task PublishWhileWaitingAsync()
        {
            while (true)
            {
                List<Waiting> batch;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _publishing = false;
                        return;
                    }

                    batch = _waiting;
                    _waiting = _spare;
                    _spare = batch;
                }

                for (var start = 0; start < batch.Count; start += options.MaxCommands)
                {
                    await PublishAsync(batch, start, Math.Min(options.MaxCommands, batch.Count - start)).ConfigureAwait(false);
                }

                batch.Clear();
            }
        }

        private async Task PublishAsync(List<Waiting> batch, int start, int count)
        {
            using var activity = MessagingActivities.Source.StartActivity("tb.input.group_commit", ActivityKind.Producer);
            if (activity is not null)
            {
                activity.SetTag("tb.partition", partition);
                activity.SetTag("tb.commands", count);
            }

            using var timeout = new CancellationTokenSource(options.PublishTimeout);
            try
            {
                PublishedInput published;
                if (count == 1)
                {
                    published = await publisher.PublishAsync(batch[start].Command, batch[start].MessageId, timeout.Token).ConfigureAwait(false);
                }
                else
                {
                    var commands = new Command[count];
                    for (var i = 0; i < count; i++)
                    {
                        commands[i] = batch[start + i].Command;
                    }

                    published = await publisher.PublishBatchAsync(partition, commands, timeout.Token).ConfigureAwait(false);
                }

                for (var i = start; i < start + count; i++)
                {
                    batch[i].Done.TrySetResult(published);
                }
            }
            catch (Exception e)
            {
                var failure = e is OperationCanceledException && timeout.IsCancellationRequested
                    ? new TimeoutException($"No PubAck within {options.PublishTimeout}.", e)
                    : e;
                activity?.AddException(failure).SetStatus(ActivityStatusCode.Error);
                for (var i = start; i < start + count; i++)
                {
                    batch[i].Done.TrySetException(failure);
                }
            }
        }
    }

    private sealed class Waiting(Command command, string? messageId)
    {
        public Command Command { get; } = command;

        public string? MessageId { get; } = messageId;

        // Asynchronous continuations: the request that awaits this must not run on the publishing loop.
        public TaskCompletionSource<PublishedInput> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Settings of a <see cref="GroupCommitPublisher"/>.</summary>
public sealed record GroupCommitOptions
{
    /// <summary>P, the number of partitions; must match nats.conf's mapping. Default 16.</summary>
    public int PartitionCount { get; init; } = SessionPartitioner.DefaultPartitionCount;

    /// <summary>Commands in one log entry at most (default 256); more waiting go in several entries.</summary>
    public int MaxCommands { get; init; } = 256;

    /// <summary>How long one publish may wait for its PubAck (default 2 s).</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
