using NATS.Client.JetStream.Models;

namespace TicketBooking.Messaging;

/// <summary>How full a stream is: the bytes it stores over its cap.</summary>
public readonly record struct StreamFill(string Stream, long Bytes, long MaxBytes)
{
    public double Ratio => (double)Bytes / MaxBytes;

    /// <summary>The stream's fill, or null when it has no byte cap.</summary>
    public static StreamFill? Of(StreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Config.MaxBytes > 0 ? new StreamFill(info.Config.Name!, (long)info.State.Bytes, info.Config.MaxBytes) : null;
    }
}
