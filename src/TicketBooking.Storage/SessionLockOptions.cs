using Microsoft.Extensions.Logging;

namespace TicketBooking.Storage;

/// <summary>How a <see cref="SessionLock"/>'s connection is set up.</summary>
public sealed record SessionLockOptions
{
    /// <summary>The session's name in <c>pg_stat_activity</c>, so an operator sees who holds or waits for which lock.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>
    /// Seconds of silence, and then seconds between probes (three are sent), after which either end of the lock
    /// connection gives a dead peer up: the client by TCP keepalive, the server by its <c>tcp_keepalives_*</c>
    /// settings (set for this session), which is what frees the lock when the holder's machine vanishes without
    /// closing its socket.
    /// </summary>
    public int TcpKeepAliveSeconds { get; init; } = 5;

    /// <summary>Where a failed unlock is reported (at debug: closing the session frees the lock anyway).</summary>
    public ILogger? Logger { get; init; }
}
