using MessagePack;

namespace TicketBooking.Messaging;

/// <summary>
/// What buyers may still choose in a session, as of decision <see cref="AsOfDecision"/> of its partition:
/// free seats per category and the seat map (bit i set = seat i held or sold), published on
/// <c>tb.avail.{session}</c> after those decisions were journaled.
/// </summary>
[MessagePackObject]
public sealed record SessionAvailability(
    [property: Key(0)] long SessionId,
    [property: Key(1)] long AsOfDecision,
    [property: Key(2)] bool OnSale,
    [property: Key(3)] int[] FreeByCategory,
    [property: Key(4)] int SeatCount,
    [property: Key(5)] ulong[] TakenSeats)
{
    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithCompression(MessagePackCompression.Lz4BlockArray)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public byte[] Serialize() => MessagePackSerializer.Serialize(this, Options);

    public static SessionAvailability Deserialize(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<SessionAvailability>(bytes, Options);
}
