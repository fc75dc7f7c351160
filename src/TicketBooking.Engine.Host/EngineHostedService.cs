using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.JetStream;
using Npgsql;
using TicketBooking.Engine.Host.Partitions;
using TicketBooking.Storage;
using TicketBooking.Messaging;
using TicketBooking.Recovery;

namespace TicketBooking.Engine.Host;

/// <summary>Creates the streams and the schema, then runs every hosted partition until the host stops.</summary>
internal sealed partial class EngineHostedService(
    IOptions<EngineHostOptions> options,
    INatsJSContext js,
    NpgsqlDataSource postgres,
    PartitionStatusBoard board,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<EngineHostedService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var partitions = settings.HostedPartitions();
        foreach (var partition in partitions)
        {
            board.Set(partition, PartitionStatus.Standby);
        }

        await JetStreamSetup.EnsureStreamsAsync(js, settings.Streams, stoppingToken).ConfigureAwait(false);
        await SchemaMigrator.ForEngine(postgres, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync(stoppingToken).ConfigureAwait(false);
        var store = new SnapshotStore(postgres, loggers.CreateLogger<SnapshotStore>());
        await using var writer = new SnapshotWriter(store, new SnapshotWriterOptions { KeepLast = settings.SnapshotsToKeep }, loggers.CreateLogger<SnapshotWriter>());
        var recovery = new PartitionRecovery(store, new JournalReader(js, loggers.CreateLogger<JournalReader>()));
        var runners = partitions
            .Select(partition => new PartitionRunner(partition, settings, js, postgres, recovery, writer, board, loggers.CreateLogger($"TicketBooking.Engine.Partition.{partition}")))
            .ToList();
        EngineMetrics.ObserveRingOccupancy(() => runners
            .Where(runner => runner.RingOccupancy.HasValue)
            .Select(runner => new Measurement<long>(runner.RingOccupancy!.Value, new KeyValuePair<string, object?>("partition", runner.Partition))));
        LogStarting(partitions.Count, string.Join(',', partitions), settings.UseLease);
        await Task.WhenAll(runners.Select(runner => runner.RunAsync(stoppingToken))).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine host starting {Count} partitions ({Partitions}), lease {UseLease}")]
    private partial void LogStarting(int count, string partitions, bool useLease);
}
