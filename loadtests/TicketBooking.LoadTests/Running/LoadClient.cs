namespace TicketBooking.LoadTests.Running;

/// <summary>The HTTP client of a run: one pooled <see cref="SocketsHttpHandler"/>, no cookies, no redirects, no proxy.</summary>
public static class LoadClient
{
    /// <summary>A client whose pool opens at most <see cref="LoadSettings.MaxConnectionsPerServer"/> connections per target.</summary>
    public static HttpClient Create(LoadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.MaxConnectionsPerServer,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = settings.RequestTimeout };
    }
}
