using System.Runtime.ExceptionServices;

namespace TicketBooking.Sequencing;

/// <summary>
/// Runs one <see cref="IEventHandler{T}"/> over a ring buffer: waits on its barrier, hands the handler
/// everything available in one batch, then publishes its own <see cref="Sequence"/> once per batch.
/// A processor runs once. Stopping: <see cref="Halt"/> stops after the current batch,
/// <see cref="HaltWhenDrained"/> after everything the producers have claimed so far. A handler
/// exception stops the processor and faults <see cref="Completion"/>.
/// </summary>
public sealed class BatchEventProcessor<T>
    where T : class
{
    private readonly RingBuffer<T> _ringBuffer;
    private readonly SequenceBarrier _barrier;
    private readonly IEventHandler<T> _handler;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The processor stops before handling any sequence above this.
    private long _stopAfter = long.MaxValue;
    private int _started;

    /// <param name="barrier">This processor's own barrier, from <see cref="RingBuffer{T}.NewBarrier"/>; it must not be shared.</param>
    public BatchEventProcessor(RingBuffer<T> ringBuffer, SequenceBarrier barrier, IEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(ringBuffer);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(handler);
        barrier.TakeOwnership();
        _ringBuffer = ringBuffer;
        _barrier = barrier;
        _handler = handler;
    }

    /// <summary>The last sequence this processor has finished; add it as a gating or dependent sequence.</summary>
    public Sequence Sequence { get; } = new();

    /// <summary>Completes when the processor stops; faulted with the handler's exception if it failed.</summary>
    public Task Completion => _completion.Task;

    public bool IsRunning => Volatile.Read(ref _started) != 0 && !Completion.IsCompleted;

    /// <summary>
    /// Processes events on the calling thread until halted. A handler exception stops it, faults
    /// <see cref="Completion"/> and is rethrown here.
    /// </summary>
    public void Run()
    {
        MarkStarted();
        Exception? failure = RunToCompletion();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Runs the processor on a new background thread and returns; watch <see cref="Completion"/>.</summary>
    public void Start(string? threadName = null)
    {
        MarkStarted();
        var thread = new Thread(() => RunToCompletion())
        {
            IsBackground = true,
            Name = threadName ?? $"{_handler.GetType().Name} processor",
        };
        thread.Start();
    }

    /// <summary>Stops after the batch in progress, without draining what is left in the ring.</summary>
    public void Halt() => HaltAfter(long.MinValue);

    /// <summary>
    /// Stops once every sequence claimed by producers so far has been handled; stop the producers
    /// first, and a claimed sequence must be published for this to complete. Returns <see cref="Completion"/>.
    /// </summary>
    public Task HaltWhenDrained() => HaltAfter(_ringBuffer.Cursor);

    /// <summary>Stops once <paramref name="sequence"/> has been handled (or at once, if it already was).</summary>
    internal Task HaltAfter(long sequence)
    {
        StopAfter(sequence);
        _barrier.Alert();
        return Completion;
    }

    private void MarkStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The processor has already been started; a processor runs once.");
        }
    }

    private Exception? RunToCompletion()
    {
        Exception? failure = null;
        try
        {
            _handler.OnStart();
            ProcessEvents();
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        try
        {
            _handler.OnShutdown();
        }
        catch (Exception exception)
        {
            failure ??= exception;
        }

        if (failure is null)
        {
            _completion.SetResult();
        }
        else
        {
            _completion.SetException(failure);
        }

        return failure;
    }

    private void ProcessEvents()
    {
        long next = Sequence.Value + 1;
        while (next <= Volatile.Read(ref _stopAfter))
        {
            long available;
            try
            {
                available = _barrier.WaitFor(next);
            }
            catch (AlertException)
            {
                // Woken to look at _stopAfter again; the clear is a full fence, so a limit set
                // before the alert that is being cleared is seen by the loop condition.
                _barrier.ClearAlert();
                continue;
            }

            try
            {
                for (; next < available; next++)
                {
                    _handler.OnEvent(_ringBuffer[next], next, false);
                }

                _handler.OnEvent(_ringBuffer[next], next, true);
                next++;
            }
            catch
            {
                // Release what succeeded, so later stages and producers are not held by the failed batch.
                Sequence.SetValue(next - 1);
                _barrier.WaitStrategy.SignalAllWhenBlocking();
                throw;
            }

            Sequence.SetValue(available);
            _barrier.WaitStrategy.SignalAllWhenBlocking();
        }
    }

    private void StopAfter(long sequence)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _stopAfter);
            if (current <= sequence)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _stopAfter, sequence, current) != current);
    }
}
