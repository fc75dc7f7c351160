using MessagePack;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;

namespace TicketBooking.Engine;

/// <summary>MessagePack encoding of commands, decisions and journal batches, as journaled and sent between processes.</summary>
public static class EngineCodec
{
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Serialize(IReadOnlyList<Decision> decisions) => MessagePackSerializer.Serialize(decisions, Options);

    public static Decision[] DeserializeDecisions(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<Decision[]>(bytes, Options);

    public static byte[] Serialize(JournalBatch batch) => MessagePackSerializer.Serialize(batch, Options);

    public static JournalBatch DeserializeBatch(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<JournalBatch>(bytes, Options);

    public static byte[] Serialize(Command command) => MessagePackSerializer.Serialize(command, Options);

    public static Command DeserializeCommand(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<Command>(bytes, Options);
}
