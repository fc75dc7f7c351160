using System.Data;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace TicketBooking.Storage;

/// <summary>
/// A PostgreSQL session-level advisory lock (<see cref="AdvisoryLockKey"/>) held on a connection of its own for as
/// long as this object lives. The connection is never pooled (the lock belongs to this one session), keeps TCP
/// alive from both ends, and drops its socket instead of asking the server to cancel a command: so a holder that
/// dies or vanishes frees the lock (at once, or within a few keepalive probes), and a cancelled wait ends on the
/// server too.
/// </summary>
public sealed class SessionLock : IAsyncDisposable
{
    private readonly ILogger _logger;
    private int _disposed;

    private SessionLock(NpgsqlConnection connection, AdvisoryLockKey key, ILogger logger)
    {
        Connection = connection;
        Key = key;
        _logger = logger;
    }

    public AdvisoryLockKey Key { get; }

    /// <summary>
    /// The session that holds the lock. Work that must end with the lock (a writer's statements, a lease's heartbeat)
    /// goes through it: once the session is gone, so is the lock, and that work fails instead of going on unguarded.
    /// </summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>Takes the lock if nobody holds it; null when someone does.</summary>
    public static async Task<SessionLock?> TryAcquireAsync(NpgsqlDataSource dataSource, AdvisoryLockKey key, SessionLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = await OpenAsync(dataSource, options, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var tryLock = Command(connection, "SELECT pg_try_advisory_lock($1, $2)", key);
            if (await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new SessionLock(connection, key, options.Logger ?? NullLogger.Instance);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Waits in PostgreSQL (<c>pg_advisory_lock</c>) until the lock is free and takes it: the moment the holder's
    /// session ends, with no polling interval to wait out. Cancelling drops the connection, which ends the wait.
    /// </summary>
    public static async Task<SessionLock> AcquireAsync(NpgsqlDataSource dataSource, AdvisoryLockKey key, SessionLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = await OpenAsync(dataSource, options, cancellationToken).ConfigureAwait(false);
        try
        {
            // No command timeout: the wait lasts as long as the holder lives.
            await using var wait = Command(connection, "SELECT pg_advisory_lock($1, $2)", key);
            wait.CommandTimeout = 0;
            await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new SessionLock(connection, key, options.Logger ?? NullLogger.Instance);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends the session without unlocking first (the server frees the lock with it): for a connection that may no longer answer.</summary>
    public Task CloseAsync() => Connection.CloseAsync();

    /// <summary>Unlocks (when the session still answers) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (Connection.State == ConnectionState.Open)
        {
            try
            {
                await using var unlock = Command(Connection, "SELECT pg_advisory_unlock($1, $2)", Key);
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                // Closing the session below frees the lock anyway.
                _logger.LogDebug(e, "Unlocking advisory lock {Key} failed", Key);
            }
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, AdvisoryLockKey key)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(key.ClassId);
        command.Parameters.AddWithValue(key.ObjectId);
        return command;
    }

    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, SessionLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TcpKeepAliveSeconds, 1, nameof(options));
        await using var template = dataSource.CreateConnection();
        var keepAlive = options.TcpKeepAliveSeconds;
        var builder = new NpgsqlConnectionStringBuilder(template.ConnectionString)
        {
            Pooling = false,
            TcpKeepAlive = true,
            TcpKeepAliveTime = keepAlive,
            TcpKeepAliveInterval = keepAlive,

            // A command that times out or is cancelled drops the socket at once instead of first asking the server to
            // cancel: the session is not to be trusted any more either way, and a dead server would not answer.
            CancellationTimeout = -1,
            ApplicationName = options.ApplicationName,
        };

        // client_connection_check_interval (PostgreSQL 14+, Linux): a holder that dies while it waits for the lock has
        // its waiting session ended within a second, instead of being granted the lock first.
        builder.Options = string.Create(
            CultureInfo.InvariantCulture,
            $"{builder.Options} -c tcp_keepalives_idle={keepAlive} -c tcp_keepalives_interval={keepAlive} -c tcp_keepalives_count=3 -c client_connection_check_interval=1000").Trim();
        var connection = await template.CloneWithAsync(builder.ConnectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
