using System.Globalization;
using MessagePack;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;

namespace TicketBooking.Messaging;

/// <summary>
/// Turns one stored input message into an <see cref="EngineInput"/>. Whatever cannot be read, does not fit its
/// subject (another session, another partition, another kind), or carries fields the engine cannot use
/// (<see cref="CommandFields"/>) becomes <see cref="Unreadable"/>; in a batch, each command that cannot be used,
/// or that does not belong to the batch's kind (orders or payments), becomes an <see cref="Unreadable"/> of its
/// own, so the rest of the batch is still decided. A promo code definition comes alone on its partition's subject and
/// must name only sessions of that partition.
/// </summary>
public static class InputDecoder
{
    public static EngineInput Decode(string subject, ReadOnlyMemory<byte> payload, ulong streamSequence, DateTimeOffset timestamp, int partitionCount = SessionPartitioner.DefaultPartitionCount) =>
        new((long)streamSequence, timestamp.ToUnixTimeMilliseconds(), DecodeCommand(subject, payload, partitionCount));

    private static Command DecodeCommand(string subject, ReadOnlyMemory<byte> payload, int partitionCount)
    {
        // tb.in.{p}.{session}.{kind}
        var tokens = subject.Split('.');
        if (tokens.Length != 5 || !int.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
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

        var kind = tokens[4];
        if (command is InputBatch batch)
        {
            return tokens[3] != "_" || kind is not (InputKinds.Orders or InputKinds.Payments or InputKinds.LegacyBatch)
                ? new Unreadable($"A batch arrived on subject {subject}, not tb.in.{{p}}._.orders or tb.in.{{p}}._.payments.")
                : batch.Commands.Length > InputBatch.MaxCommands ? new Unreadable($"A batch of {batch.Commands.Length} commands, more than {InputBatch.MaxCommands}.")
                : CheckBatch(batch, kind, partition, partitionCount);
        }

        if (InputKinds.Of(command) != kind)
        {
            return new Unreadable($"A {command.GetType().Name} on a '{kind}' subject.");
        }

        var session = Concerning.SessionOf(command);
        var expectedToken = session is { } id ? Subjects.Token(id) : "_";
        return expectedToken != tokens[3] ? new Unreadable($"Session {expectedToken} arrived on subject {subject}.")
            : session is { } sessionId && SessionPartitioner.PartitionOf(sessionId, partitionCount) != partition ? new Unreadable($"Session {sessionId} is not in partition {partition}.")
            : CommandFields.ProblemOf(command) is { } problem ? new Unreadable(problem)
            : ForeignSessionOf(command, partition, partitionCount) is { } foreign ? new Unreadable($"Promo code for session {foreign}, which is not in partition {partition}.")
            : command;
    }

    /// <summary>A session a promo code definition names that another partition owns, or null.</summary>
    private static long? ForeignSessionOf(Command command, int partition, int partitionCount) =>
        command is DefinePromoCode { Terms.SessionIds: { } sessions }
            ? sessions.Cast<long?>().FirstOrDefault(session => SessionPartitioner.PartitionOf(session!.Value, partitionCount) != partition)
            : null;

    private static InputBatch CheckBatch(InputBatch batch, string kind, int partition, int partitionCount)
    {
        var checkedCommands = new Command[batch.Commands.Length];
        for (var i = 0; i < checkedCommands.Length; i++)
        {
            checkedCommands[i] = CheckBatched(batch.Commands[i], kind, partition, partitionCount);
        }

        return new InputBatch(checkedCommands);
    }

    private static Command CheckBatched(Command? command, string kind, int partition, int partitionCount)
    {
        if (command is null || Concerning.SessionOf(command) is not { } session || (kind != InputKinds.LegacyBatch && InputKinds.BatchOf(command) != kind))
        {
            return new Unreadable($"A {command?.GetType().Name ?? "null"} inside a batch of {kind}.");
        }

        return SessionPartitioner.PartitionOf(session, partitionCount) != partition ? new Unreadable($"Session {session} is not in partition {partition}.")
            : CommandFields.ProblemOf(command) is { } problem ? new Unreadable(problem)
            : command;
    }
}
