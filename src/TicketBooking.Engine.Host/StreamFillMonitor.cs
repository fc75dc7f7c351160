using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Messaging;

namespace TicketBooking.Engine.Host;

/// <summary>
/// Reads each stream's fill every <see cref="StreamSettings.FillCheckInterval"/> into the gauge
/// <c>tb.engine.stream.fill_ratio{stream}</c>, and warns while one is past <see cref="StreamSettings.FillWarningRatio"/>:
/// a full TB_INPUT refuses purchases, a full TB_DECISIONS stops the partitions.
/// </summary>
internal sealed partial class StreamFillMonitor(IOptions<EngineHostOptions> options, INatsJSContext js, ILogger<StreamFillMonitor> logger) : BackgroundService
{
    private static readonly string[] Streams = [Subjects.InputStream, Subjects.DecisionsStream, Subjects.AvailabilityStream];

    private readonly ConcurrentDictionary<string, double> _ratios = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        EngineMetrics.ObserveStreamFill(() => _ratios.Select(fill => new Measurement<double>(fill.Value, new KeyValuePair<string, object?>("stream", fill.Key))));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Streams;
        using var timer = new PeriodicTimer(settings.FillCheckInterval);
        do
        {
            foreach (var stream in Streams)
            {
                await CheckAsync(stream, settings.FillWarningRatio, stoppingToken).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task CheckAsync(string stream, double warningRatio, CancellationToken cancellationToken)
    {
        try
        {
            var info = (await js.GetStreamAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false)).Info;
            if (StreamFill.Of(info) is not { } fill)
            {
                _ratios.TryRemove(stream, out _);
                return;
            }

            _ratios[stream] = fill.Ratio;
            if (fill.Ratio >= warningRatio)
            {
                LogNearlyFull(stream, fill.Ratio, fill.Bytes, fill.MaxBytes);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is NatsException or TimeoutException)
        {
            // The partitions report NATS being away; the gauge keeps its last reading until the next check.
            LogCheckFailed(e, stream);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} is {Ratio:P0} full ({Bytes} of {MaxBytes} bytes): raise its MaxBytes (Engine:Streams) or free space before it refuses writes")]
    private partial void LogNearlyFull(string stream, double ratio, long bytes, long maxBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read stream {Stream}'s fill")]
    private partial void LogCheckFailed(Exception exception, string stream);
}
