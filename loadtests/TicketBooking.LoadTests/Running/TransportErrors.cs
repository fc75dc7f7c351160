using System.Net.Sockets;

namespace TicketBooking.LoadTests.Running;

/// <summary>Names the kind of failure of a request that got no HTTP answer, for the report's error counts.</summary>
public static class TransportErrors
{
    /// <summary>The request was still running when its step gave up waiting for it.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>No answer within the request timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>
    /// A short, stable name: <c>timeout</c>, <c>abandoned</c>, the <see cref="HttpRequestError"/>
    /// (with the socket error when there is one, as in <c>ConnectionError/ConnectionRefused</c>),
    /// or the exception's type name.
    /// </summary>
    public static string Classify(Exception error, bool stepCancelled)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error)
        {
            case OperationCanceledException when stepCancelled:
                return Abandoned;
            case TaskCanceledException { InnerException: TimeoutException }:
                return Timeout;
            case HttpRequestException http:
                var socket = FindInner<SocketException>(http);
                return socket is null ? http.HttpRequestError.ToString() : $"{http.HttpRequestError}/{socket.SocketErrorCode}";
            default:
                return error.GetType().Name;
        }
    }

    private static T? FindInner<T>(Exception error)
        where T : Exception
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }

        return null;
    }
}
