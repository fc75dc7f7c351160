using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;

namespace TicketBooking.Messaging;

/// <summary>Creates or updates TB_INPUT and TB_DECISIONS; every process that needs them may call it at start-up.</summary>
public static class JetStreamSetup
{
    public static async Task EnsureStreamsAsync(INatsJSContext js, StreamSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(settings);
        await js.CreateOrUpdateStreamAsync(
            new StreamConfig(Subjects.InputStream, [Subjects.AllInputs])
            {
                Description = "Every engine input, one ordered log per partition (tb.in.{p}.>).",
                Storage = StreamConfigStorage.File,
                Retention = StreamConfigRetention.Limits,
                MaxAge = settings.InputMaxAge,
                MaxBytes = settings.InputMaxBytes,
                Discard = StreamConfigDiscard.New,
                DuplicateWindow = settings.DuplicateWindow,
                NumReplicas = settings.Replicas,
            },
            cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateStreamAsync(
            new StreamConfig(Subjects.DecisionsStream, [Subjects.AllDecisions])
            {
                Description = "The engine's decision journal, one batch per message, one subject per partition (tb.out.{p}).",
                Storage = StreamConfigStorage.File,
                Retention = StreamConfigRetention.Limits,
                MaxAge = settings.DecisionsMaxAge,
                MaxBytes = settings.DecisionsMaxBytes,
                Discard = StreamConfigDiscard.New,
                DuplicateWindow = settings.DuplicateWindow,
                NumReplicas = settings.Replicas,
            },
            cancellationToken).ConfigureAwait(false);
        await js.CreateOrUpdateStreamAsync(
            new StreamConfig(Subjects.AvailabilityStream, [Subjects.AllAvailability])
            {
                Description = "The latest seat availability of each session (tb.avail.{session}), for seat maps. Derived: safe to lose.",
                Storage = StreamConfigStorage.File,
                Retention = StreamConfigRetention.Limits,
                MaxMsgsPerSubject = 1,
                MaxAge = settings.AvailabilityMaxAge,
                MaxBytes = settings.AvailabilityMaxBytes,
                NumReplicas = settings.Replicas,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the three streams and creates them empty: for tests and benchmarks only. Deleting, unlike
    /// purging, also forgets the Nats-Msg-Id duplicate window.
    /// </summary>
    public static async Task RecreateStreamsAsync(INatsJSContext js, StreamSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        foreach (var stream in new[] { Subjects.InputStream, Subjects.DecisionsStream, Subjects.AvailabilityStream })
        {
            try
            {
                await js.DeleteStreamAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
            }
        }

        await EnsureStreamsAsync(js, settings, cancellationToken).ConfigureAwait(false);
    }
}
