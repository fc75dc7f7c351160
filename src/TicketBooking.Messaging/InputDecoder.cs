using MessagePack;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>
/// Turns one stored input message into an <see cref="EngineInput"/>. Whatever cannot be read, or names
/// another session than its subject (which decided its partition), becomes <see cref="Unreadable"/>.
/// </summary>
public static class InputDecoder
{
    public static EngineInput Decode(string subject, ReadOnlyMemory<byte> payload, ulong streamSequence, DateTimeOffset timestamp) =>
        new((long)streamSequence, timestamp.ToUnixTimeMilliseconds(), DecodeCommand(subject, payload));

    private static Command DecodeCommand(string subject, ReadOnlyMemory<byte> payload)
    {
        // tb.in.{p}.{session}.{kind}
        var tokens = subject.Split('.');
        if (tokens.Length != 5)
        {
            return new Unreadable($"Subject {subject} is not tb.in.{{p}}.{{session}}.{{kind}}.");
        }

        Command command;
        try
        {
            command = EngineCodec.DeserializeCommand(payload);
        }
        catch (MessagePackSerializationException e)
        {
            return new Unreadable($"Not a command: {e.Message}");
        }

        if (InputKinds.Of(command) != tokens[4])
        {
            return new Unreadable($"A {command.GetType().Name} on a '{tokens[4]}' subject.");
        }

        var session = InputKinds.SessionOf(command);
        var expectedToken = session is { } id ? Contracts.Subjects.Token(id) : "_";
        return expectedToken == tokens[3] ? command : new Unreadable($"Session {expectedToken} arrived on subject {subject}.");
    }
}
