using NATS.Client.Core;

namespace TicketBooking.IntegrationTests.Nats;

/// <summary>Connections to the tests' own nats-servers, with short timeouts, since a refused request is never answered.</summary>
public static class TestNatsConnections
{
    /// <param name="url">One server, or a comma-separated list of a cluster's servers.</param>
    /// <param name="user">Null: anonymous.</param>
    public static async Task<NatsConnection> ConnectAsync(string url, string? user, string? password, int maxReconnectRetry = 0)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = url,
            Name = $"tb-nats-test-{user ?? "anonymous"}",
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RequestTimeout = TimeSpan.FromSeconds(2),
            MaxReconnectRetry = maxReconnectRetry,
            AuthOpts = new NatsAuthOpts { Username = user, Password = password },
        });
        try
        {
            await connection.ConnectAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
