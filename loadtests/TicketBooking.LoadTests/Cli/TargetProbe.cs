using System.Net.Sockets;

namespace TicketBooking.LoadTests.Cli;

/// <summary>Checks, before a run, that something accepts TCP connections at the target's host and port.</summary>
public static class TargetProbe
{
    /// <summary>Null when a connection opened within <paramref name="timeout"/>, else why not.</summary>
    public static async Task<string?> CheckAsync(Uri target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var socket = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException error)
        {
            return $"{target.Host}:{target.Port} is unreachable: {error.SocketErrorCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{target.Host}:{target.Port} did not accept a connection within {timeout.TotalSeconds:0.#} s";
        }
    }
}
