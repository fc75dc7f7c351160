using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Notifications;

namespace TicketBooking.Ingress.Notifications;

/// <summary>
/// The ingress's one PostgreSQL listener on <see cref="NotificationMigrations.Channel"/>: on each NOTIFY (and every
/// <see cref="NotificationOptions.ListenerSweepInterval"/>) it reads the notifications after the last position it
/// read and hands each to the open streams of its buyer, in memory. A stream that cannot keep up is ended; its client
/// reconnects with Last-Event-ID and reads what it missed from the table.
/// </summary>
public sealed class NotificationFanout(
    NpgsqlDataSource dataSource,
    NotificationReader reader,
    IOptions<NotificationOptions> options,
    ILogger<NotificationFanout> logger) : BackgroundService
{
    private const int PageSize = 500;
    private const int StreamCapacity = 256;

    private readonly Dictionary<long, List<Channel<Notification>>> _streams = [];
    private readonly Lock _gate = new();
    private long _position = -1;

    /// <summary>Whether the listener runs: without it a stream would hear nothing.</summary>
    public bool IsListening => Volatile.Read(ref _position) >= 0;

    /// <summary>The position read through: a stream opened now gets everything after it.</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>A feed of the buyer's new notifications, to dispose when the stream ends; null when the buyer has <paramref name="maxPerBuyer"/> open.</summary>
    public Feed? Follow(long buyerId, int maxPerBuyer)
    {
        var channel = Channel.CreateBounded<Notification>(new BoundedChannelOptions(StreamCapacity) { SingleReader = true, SingleWriter = true });
        lock (_gate)
        {
            if (!_streams.TryGetValue(buyerId, out var streams))
            {
                streams = [];
                _streams[buyerId] = streams;
            }

            if (streams.Count >= maxPerBuyer)
            {
                return null;
            }

            streams.Add(channel);
        }

        return new Feed(this, buyerId, channel);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweep = options.Value.ListenerSweepInterval;
        var read = -1L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {NotificationMigrations.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                if (read < 0)
                {
                    read = await reader.LatestPositionAsync(stoppingToken).ConfigureAwait(false);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    // Reconnected or woken: what was committed meanwhile is in the table, after the position read.
                    read = await DispatchAfterAsync(read, stoppingToken).ConfigureAwait(false);
                    Volatile.Write(ref _position, read);
                    await connection.WaitAsync(sweep, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Volatile.Write(ref _position, -1);
                logger.LogWarning(e, "Listening for notifications failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> DispatchAfterAsync(long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await reader.AllAfterAsync(after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var notification in page)
            {
                Dispatch(notification);
                after = notification.Position;
            }

            if (page.Count < PageSize)
            {
                return after;
            }
        }
    }

    private void Dispatch(Notification notification)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(notification.BuyerId, out var streams))
            {
                return;
            }

            foreach (var stream in streams)
            {
                if (!stream.Writer.TryWrite(notification))
                {
                    stream.Writer.TryComplete();
                }
            }
        }
    }

    private void Close(long buyerId, Channel<Notification> channel)
    {
        lock (_gate)
        {
            if (_streams.TryGetValue(buyerId, out var streams) && streams.Remove(channel) && streams.Count == 0)
            {
                _streams.Remove(buyerId);
            }
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One stream's notifications; completed when the stream fell behind.</summary>
    public sealed class Feed(NotificationFanout fanout, long buyerId, Channel<Notification> channel) : IDisposable
    {
        private int _closed;

        public ChannelReader<Notification> Notifications => channel.Reader;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                fanout.Close(buyerId, channel);
            }
        }
    }
}
