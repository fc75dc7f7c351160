using System.Collections.Concurrent;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.State;
using TicketBooking.Messaging;

namespace TicketBooking.Engine.Host.Partitions;

/// <summary>
/// Publishes each changed session's seat availability at most once per interval: captured on the business
/// thread after a batch, published by <see cref="RunAsync"/> only once the journal holds the decisions it
/// reflects, since nothing a buyer sees may come before its decision is durable.
/// </summary>
internal sealed class AvailabilityPublisher(INatsJSContext js, JetStreamDecisionJournal journal, TimeSpan interval) : IPartitionObserver
{
    private readonly Dictionary<long, long> _capturedChanges = [];
    private readonly ConcurrentDictionary<long, SessionAvailability> _latest = new();

    public void OnBatchDecided(EngineState state)
    {
        foreach (var session in state.Sessions.Values)
        {
            if (_capturedChanges.TryGetValue(session.SessionId, out var captured) && captured == session.Changes)
            {
                continue;
            }

            _capturedChanges[session.SessionId] = session.Changes;
            var free = new int[session.Seats.CategoryCount];
            for (var category = 0; category < free.Length; category++)
            {
                free[category] = session.Seats.FreeSeats(category);
            }

            _latest[session.SessionId] = new SessionAvailability(
                session.SessionId,
                state.LastDecisionSequence,
                !session.Closed,
                free,
                session.Seats.Capacity,
                session.Seats.Bits.ToArray());
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var durable = journal.LastDecisionSequence;
            foreach (var pending in _latest)
            {
                if (pending.Value.AsOfDecision > durable)
                {
                    continue;
                }

                try
                {
                    await js.PublishAsync(Subjects.Availability(pending.Key), pending.Value.Serialize(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NATS.Client.Core.NatsException or TimeoutException)
                {
                    // Availability is derived and superseded by the next capture: try again next round.
                    break;
                }

                // A newer capture may have replaced it meanwhile: that one waits for the next round.
                _latest.TryRemove(pending);
            }
        }
    }
}
