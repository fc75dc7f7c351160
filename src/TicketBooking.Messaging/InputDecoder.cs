using System.Globalization;
using MessagePack;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>
/// Turns one stored input message into an <see cref="EngineInput"/>. Whatever cannot be read, or names
/// another session than its subject (which decided its partition), becomes <see cref="Unreadable"/>;
/// in a batch, each command that cannot be used becomes an <see cref="Unreadable"/> of its own, so the
/// rest of the batch is still decided.
/// </summary>
public static class InputDecoder
{
    public static EngineInput Decode(string subject, ReadOnlyMemory<byte> payload, ulong streamSequence, DateTimeOffset timestamp, int partitionCount = SessionPartitioner.DefaultPartitionCount) =>
        new((long)streamSequence, timestamp.ToUnixTimeMilliseconds(), DecodeCommand(subject, payload, partitionCount));

    private static Command DecodeCommand(string subject, ReadOnlyMemory<byte> payload, int partitionCount)
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

        if (command is null or InputBatch { Commands: null })
        {
            return new Unreadable("An empty command.");
        }

        if (InputKinds.Of(command) != tokens[4])
        {
            return new Unreadable($"A {command.GetType().Name} on a '{tokens[4]}' subject.");
        }

        if (command is InputBatch batch)
        {
            return tokens[3] == "_" && int.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                ? CheckBatch(batch, partition, partitionCount)
                : new Unreadable($"A batch arrived on subject {subject}, not tb.in.{{p}}._.batch.");
        }

        var session = InputKinds.SessionOf(command);
        var expectedToken = session is { } id ? Subjects.Token(id) : "_";
        return expectedToken == tokens[3] ? command : new Unreadable($"Session {expectedToken} arrived on subject {subject}.");
    }

    private static InputBatch CheckBatch(InputBatch batch, int partition, int partitionCount)
    {
        var checkedCommands = new Command[batch.Commands.Length];
        for (var i = 0; i < checkedCommands.Length; i++)
        {
            var command = batch.Commands[i];
            checkedCommands[i] = InputKinds.SessionOf(command) is not { } session ? new Unreadable($"A {command?.GetType().Name ?? "null"} inside a batch.")
                : SessionPartitioner.PartitionOf(session, partitionCount) != partition ? new Unreadable($"Session {session} is not in partition {partition}.")
                : command;
        }

        return new InputBatch(checkedCommands);
    }
}
