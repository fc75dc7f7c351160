using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.Messaging.Consuming;

/// <summary>
/// Asks the stream's leader, not the replica a consumer happens to read from, which message of a subject comes first
/// from a sequence on, or last ($JS.API.STREAM.MSG.GET with next_by_subj or last_by_subj, which only the leader answers).
/// </summary>
public static class StreamLeaderCheck
{
    private const int NoMessageFound = 10037;

    /// <summary>The leader's first message on <paramref name="filter"/> at <paramref name="fromSequence"/> or later; null when it has none.</summary>
    public static Task<ulong?> NextSequenceAsync(INatsJSContext js, string stream, string filter, ulong fromSequence, CancellationToken cancellationToken) =>
        SequenceOfAsync(js, stream, new StreamMsgGetRequest { Seq = Math.Max(fromSequence, 1), NextBySubj = filter }, cancellationToken);

    /// <summary>The leader's last message on <paramref name="subject"/>; null when it has none.</summary>
    public static Task<ulong?> LastSequenceAsync(INatsJSContext js, string stream, string subject, CancellationToken cancellationToken) =>
        SequenceOfAsync(js, stream, new StreamMsgGetRequest { LastBySubj = subject }, cancellationToken);

    private static async Task<ulong?> SequenceOfAsync(INatsJSContext js, string stream, StreamMsgGetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        var info = await js.GetStreamAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var found = await info.GetAsync(request, cancellationToken).ConfigureAwait(false);
            return found.Message.Seq;
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NoMessageFound || e.Error.Code == 404)
        {
            return null;
        }
    }
}
