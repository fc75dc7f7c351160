using System.Net;
using System.Net.Sockets;

namespace TicketBooking.IntegrationTests;

/// <summary>
/// Loopback ports nothing listens on, none handed out twice in this test run: the kernel may give a port it just
/// freed to the next bind to port 0, and a nats-server given the same port for two listeners fails to start.
/// </summary>
internal static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
