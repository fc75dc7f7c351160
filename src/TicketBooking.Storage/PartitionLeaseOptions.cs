namespace TicketBooking.Storage;

public sealed record PartitionLeaseOptions
{
    /// <summary>How often the owner checks its lock connection with <c>SELECT 1</c>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A heartbeat that takes longer than this loses the lease.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Seconds of silence, and then seconds between probes (three are sent), after which either end
    /// of the lock connection gives a dead peer up: the client by TCP keepalive, the server by its
    /// <c>tcp_keepalives_*</c> settings (set for this session), which is what frees the lock when
    /// the owner's machine vanishes without closing its socket.
    /// </summary>
    public int TcpKeepAliveSeconds { get; init; } = 5;
}
