using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;

namespace TicketBooking.Messaging;

/// <summary>
/// Creates or updates TB_INPUT, TB_DECISIONS and TB_AVAILABILITY with <see cref="StreamSettings.Replicas"/> replicas;
/// every process that needs them may call it at start-up. An existing stream takes the new replica count in place
/// (nats-server 2.9 copies its messages to the new replicas), so a cluster's R1 streams become R3.
/// </summary>
public static class JetStreamSetup
{
    public static async Task EnsureStreamsAsync(INatsJSContext js, StreamSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Replicas > 1)
        {
            await RequireClusterAsync(js.Connection, settings.Replicas).ConfigureAwait(false);
        }

        await CreateOrUpdateStreamsAsync(js, settings, cancellationToken).ConfigureAwait(false);
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

    private static async Task CreateOrUpdateStreamsAsync(INatsJSContext js, StreamSettings settings, CancellationToken cancellationToken)
    {
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

    // A single nats-server 2.9 refuses to create a stream of more than one replica, but accepts an update of an
    // existing one to R3 and then reports three replicas it does not have: so ask the server whether it is in a cluster.
    private static async Task RequireClusterAsync(INatsConnection connection, int replicas)
    {
        await connection.ConnectAsync().ConfigureAwait(false);
        if (string.IsNullOrEmpty(connection.ServerInfo?.Cluster))
        {
            throw new InvalidOperationException(
                $"StreamSettings.Replicas (the engine host's Engine:Streams:Replicas) is {replicas}, but this NATS server is not part of a JetStream cluster: start the cluster (./tb up --cluster) or keep Replicas at 1.");
        }
    }
}
