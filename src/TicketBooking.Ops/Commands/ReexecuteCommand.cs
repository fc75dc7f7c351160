using System.CommandLine;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// <c>reexecute --partition N</c>: runs the partition's recorded inputs through a fresh engine and
/// compares its decisions, byte for byte, with the journal's. The engine is a function of its inputs,
/// so any difference is a bug or a forged journal.
/// </summary>
public static class ReexecuteCommand
{
    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var partition = OpsOptions.CreatePartition("The partition to re-execute.");
        var command = new Command(
            "reexecute",
            "Re-executes a partition's inputs from the first one through a fresh engine and diffs every decision against the journal. " +
            "Exit 0 when identical, 1 at the first divergence or when retention removed the first inputs.")
        {
            partition,
        };
        OpsOptions.AddPartitionCheck(command, partition, required: true);
        command.SetAction(async (parseResult, cancellationToken) =>
            options.SelectPartitions(parseResult, partition, io.Error) is [var selected]
                ? await RunAsync(io, parseResult.GetValue(options.Nats)!, selected, cancellationToken).ConfigureAwait(false)
                : ExitCodes.Usage);
        return command;
    }

    private static async Task<int> RunAsync(OpsOutput io, string nats, int partition, CancellationToken cancellationToken)
    {
        await using var services = await OpsServices.ConnectAsync(nats, postgres: null, cancellationToken).ConfigureAwait(false);
        await using var journal = new JournalCursor(services.Journal.ReadAsync(partition, 1, cancellationToken), cancellationToken);
        var firstDecision = await journal.PeekAsync().ConfigureAwait(false);
        var engine = new TicketEngine();
        var produced = new List<Decision>();
        long compared = 0, inputs = 0;
        EngineInput? last = null;
        await foreach (var input in services.Inputs.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
        {
            if (last is null && firstDecision is not null && input.Sequence > firstDecision.InputSequence)
            {
                return await RetentionAsync(io, partition, input.Sequence, firstDecision.InputSequence).ConfigureAwait(false);
            }

            if (!await journal.CoversAsync(input.Sequence).ConfigureAwait(false))
            {
                break; // not journaled yet: nothing to compare with
            }

            last = input;
            inputs++;
            produced.Clear();
            engine.Execute(input, produced);
            foreach (var actual in produced)
            {
                var expected = await journal.NextAsync().ConfigureAwait(false);
                if (expected is null || !SameBytes(expected, actual))
                {
                    await DivergenceAsync(io, partition, compared, expected, actual, input).ConfigureAwait(false);
                    return ExitCodes.CheckFailed;
                }

                compared++;
            }
        }

        if (last is null && firstDecision is not null)
        {
            return await RetentionAsync(io, partition, null, firstDecision.InputSequence).ConfigureAwait(false);
        }

        if (await journal.NextAsync().ConfigureAwait(false) is { } unmatched)
        {
            await DivergenceAsync(io, partition, compared, unmatched, null, null).ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }

        await io.Out.WriteLineAsync($"identical: {compared} decisions (partition {partition}, {inputs} inputs re-executed)").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static bool SameBytes(Decision expected, Decision actual) =>
        EngineCodec.Serialize([expected]).AsSpan().SequenceEqual(EngineCodec.Serialize([actual]));

    private static async Task<int> RetentionAsync(OpsOutput io, int partition, long? oldestStored, long firstNeeded)
    {
        var stored = oldestStored is { } oldest ? $"its oldest stored input is {oldest}" : "it holds none of them";
        await io.Error.WriteLineAsync(
            $"partition {partition}: TB_INPUT no longer has the partition's first inputs ({stored}, the journal starts at input {firstNeeded}); " +
            "retention removed them, so the journal cannot be re-executed from zero").ConfigureAwait(false);
        return ExitCodes.CheckFailed;
    }

    private static async Task DivergenceAsync(OpsOutput io, int partition, long identical, Decision? expected, Decision? actual, EngineInput? input)
    {
        var sequence = expected?.Sequence ?? actual!.Sequence;
        await io.Out.WriteLineAsync($"divergence at decision {sequence} of partition {partition}, after {identical} identical decisions:").ConfigureAwait(false);
        await io.Out.WriteLineAsync($"  expected (journal):     {(expected is null ? "nothing: the journal has no such decision" : LogText.Of(expected))}").ConfigureAwait(false);
        await io.Out.WriteLineAsync($"  actual (re-execution):  {(actual is null ? "nothing: re-execution made no such decision" : LogText.Of(actual))}").ConfigureAwait(false);
        var cause = input is { } i
            ? $"  input {i.Sequence} at {LogText.Time(i.TimestampMs)}: {LogText.Of(i.Command)}"
            : $"  input {expected!.InputSequence}: the journal names it, but re-execution ran out of inputs before it";
        await io.Out.WriteLineAsync(cause).ConfigureAwait(false);
    }
}
