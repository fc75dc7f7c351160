using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TicketBooking.Messaging.Consuming;

/// <summary>
/// Asks the stream's leader, not the replica a consumer happens to read from, which message of a subject comes first
/// from a sequence on ($JS.API.STREAM.MSG.GET with next_by_subj, which only the leader answers).
/// </summary>
public static class StreamLeaderCheck
{
    private const int NoMessageFound = 10037;

    /// <summary>The leader's first message on <paramref name="filter"/> at <paramref name="fromSequence"/> or later; null when it has none.</summary>
    public static async Task<ulong?> NextSequenceAsync(INatsJSContext js, string stream, string filter, ulong fromSequence, CancellationToken cancellationToken)
    {
        var info = await js.GetStreamAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var next = await info.GetAsync(new StreamMsgGetRequest { Seq = Math.Max(fromSequence, 1), NextBySubj = filter }, cancellationToken).ConfigureAwait(false);
            return next.Message.Seq;
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NoMessageFound || e.Error.Code == 404)
        {
            return null;
        }
    }
}
