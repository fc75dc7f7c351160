using TicketBooking.Engine.Journal;
using TicketBooking.Engine.Pipeline;

namespace TicketBooking.Demo;

/// <summary>Lets the demo wait until the journal has caught up with an input.</summary>
internal sealed class JournalProgress : IPartitionObserver
{
    private readonly Lock _lock = new();
    private readonly List<(long Input, TaskCompletionSource Done)> _waiters = [];
    private long _lastInput;

    public void OnDurable(JournalBatch batch)
    {
        lock (_lock)
        {
            _lastInput = batch.LastInputSequence;
            foreach (var waiter in _waiters.Where(w => w.Input <= _lastInput).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public Task WaitForInputAsync(long input, Task pipelineCompletion, CancellationToken cancellationToken)
    {
        Task reached;
        lock (_lock)
        {
            if (_lastInput >= input)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((input, done));
            reached = done.Task;
        }

        return Task.WhenAny(reached, pipelineCompletion).Unwrap().WaitAsync(cancellationToken);
    }
}
