using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Engine.Snapshots;

namespace TicketBooking.Storage;

/// <summary>
/// Encodes and saves snapshots on a background loop, so that the business thread only pays for
/// <see cref="SnapshotCodec.CaptureState"/>. At most one request per partition is queued or being
/// written; a request that arrives meanwhile is dropped, since the next one supersedes it.
/// A failed write is logged and counted, never thrown: the journal still has everything.
/// </summary>
public sealed class SnapshotWriter : IAsyncDisposable
{
    private readonly SnapshotStore _store;
    private readonly SnapshotWriterOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<SnapshotRequest> _requests = Channel.CreateUnbounded<SnapshotRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, byte> _partitionsInProgress = new();
    private readonly Task _loop;
    private long _written;
    private long _failed;
    private long _bytesWritten;
    private long _lastDurationTicks;

    public SnapshotWriter(SnapshotStore store, SnapshotWriterOptions? options = null, ILogger<SnapshotWriter>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new SnapshotWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.KeepLast, 1, nameof(options));
        _logger = logger ?? NullLogger<SnapshotWriter>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loop = Task.Run(WriteAllAsync);
    }

    public long SnapshotsWritten => Interlocked.Read(ref _written);

    public long SnapshotsFailed => Interlocked.Read(ref _failed);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>How long the last successful snapshot took to encode and save.</summary>
    public TimeSpan LastWriteDuration => TimeSpan.FromTicks(Interlocked.Read(ref _lastDurationTicks));

    /// <summary>
    /// Queues <paramref name="capture"/> for writing without blocking. False when a snapshot of the
    /// partition is still queued or being written, or the writer is shutting down.
    /// </summary>
    public bool TryEnqueue(int partition, StateCapture capture, long journalStreamSequence)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (!_partitionsInProgress.TryAdd(partition, 0))
        {
            return false;
        }

        if (_requests.Writer.TryWrite(new SnapshotRequest(partition, capture, journalStreamSequence)))
        {
            return true;
        }

        _partitionsInProgress.TryRemove(partition, out _);
        return false;
    }

    /// <summary>Stops taking requests and waits until every queued one is written (or has failed).</summary>
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task WriteAllAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await WriteAsync(request).ConfigureAwait(false);
            }
            catch (Exception e) // a failed snapshot must not stop later ones, nor the host
            {
                _partitionsInProgress.TryRemove(request.Partition, out _);
                Interlocked.Increment(ref _failed);
                SnapshotMetrics.Failed.Add(1, PartitionTag(request.Partition));
                _logger.LogError(e, "Snapshot of partition {Partition} at decision {DecisionSequence} was not saved", request.Partition, request.Capture.LastDecisionSequence);
            }
        }
    }

    private async Task WriteAsync(SnapshotRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var capture = request.Capture.ToSnapshot();
        var payload = SnapshotCodec.Serialize(capture);
        var snapshot = new StoredSnapshot(
            request.Partition,
            capture.LastDecisionSequence,
            capture.LastInputSequence,
            request.JournalStreamSequence,
            capture.FormatVersion,
            payload,
            _timeProvider.GetUtcNow());
        await _store.SaveAsync(snapshot, _options.KeepLast, CancellationToken.None).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Free the partition before counting, so that whoever sees the count can enqueue the next one.
        _partitionsInProgress.TryRemove(request.Partition, out _);

        Interlocked.Increment(ref _written);
        Interlocked.Add(ref _bytesWritten, payload.Length);
        Interlocked.Exchange(ref _lastDurationTicks, elapsed.Ticks);
        var tag = PartitionTag(request.Partition);
        SnapshotMetrics.Written.Add(1, tag);
        SnapshotMetrics.Bytes.Add(payload.Length, tag);
        SnapshotMetrics.Duration.Record(elapsed.TotalSeconds, tag);
        _logger.LogDebug("Saved snapshot of partition {Partition} at decision {DecisionSequence}: {Bytes} bytes in {ElapsedMs} ms", request.Partition, capture.LastDecisionSequence, payload.Length, elapsed.TotalMilliseconds);
    }

    private static KeyValuePair<string, object?> PartitionTag(int partition) => new("partition", partition);

    private sealed record SnapshotRequest(int Partition, StateCapture Capture, long JournalStreamSequence);
}
