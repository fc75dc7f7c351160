using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using TicketBooking.Audit;
using TicketBooking.Engine.State;

namespace TicketBooking.Ops.Commands;

/// <summary><c>replay --partition N [--from-snapshot]</c>: rebuilds a partition's state and summarizes its sessions.</summary>
public static class ReplayCommand
{
    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var partition = OpsOptions.CreatePartition("The partition to rebuild.");
        var fromSnapshot = new Option<bool>("--from-snapshot")
        {
            Description = "Start from the newest valid snapshot in PostgreSQL, then the journal after it (otherwise the journal from zero).",
        };
        var command = new Command("replay", "Rebuilds a partition's state from its journal and prints seats, orders and revenue per session.")
        {
            partition,
            fromSnapshot,
        };
        OpsOptions.AddPartitionCheck(command, partition, required: true);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (options.SelectPartitions(parseResult, partition, io.Error) is not [var selected])
            {
                return ExitCodes.Usage;
            }

            var postgres = parseResult.GetValue(fromSnapshot) ? parseResult.GetValue(options.Postgres) : null;
            return await RunAsync(io, parseResult.GetValue(options.Nats)!, postgres, selected, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(OpsOutput io, string nats, string? postgres, int partition, CancellationToken cancellationToken)
    {
        await using var services = await OpsServices.ConnectAsync(nats, postgres, cancellationToken).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        var snapshot = postgres is null ? null : await services.LoadNewestSnapshotAsync(partition, cancellationToken).ConfigureAwait(false);
        if (postgres is not null && snapshot is null)
        {
            await io.Out.WriteLineAsync($"partition {partition}: no valid snapshot; replaying the journal from zero").ConfigureAwait(false);
        }

        var state = snapshot?.State ?? new EngineState();
        var from = (ulong)(snapshot?.Snapshot.JournalStreamSequence ?? 0) + 1;
        var end = await services.Journal.LastStreamSequenceAsync(partition, cancellationToken).ConfigureAwait(false);
        var (batches, applied, failure) = await io.WithProgressAsync($"replaying partition {partition}", async progress =>
        {
            long batchCount = 0, decisionCount = 0, lastInput = state.LastInputSequence;
            await foreach (var journaled in services.Journal.ReadAsync(partition, from, cancellationToken).ConfigureAwait(false))
            {
                batchCount++;
                if (journaled.Batch.Partition != partition)
                {
                    return (batchCount, decisionCount, $"journal message {journaled.StreamSequence} says partition {journaled.Batch.Partition}");
                }

                foreach (var decision in journaled.Batch.Decisions.Where(d => d.Sequence > state.LastDecisionSequence))
                {
                    try
                    {
                        state.Apply(decision);
                    }
                    catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException)
                    {
                        return (batchCount, decisionCount, $"decision {decision.Sequence} does not apply: {e.Message}");
                    }

                    decisionCount++;
                }

                lastInput = Math.Max(lastInput, journaled.Batch.LastInputSequence);
                progress.Report(end <= from ? 1.0 : (double)(journaled.StreamSequence - from) / (end - from));
            }

            state.MarkInputApplied(lastInput);
            return (batchCount, decisionCount, (string?)null);
        }).ConfigureAwait(false);

        var origin = snapshot is null ? "from zero" : $"from the snapshot at decision {snapshot.Snapshot.LastDecisionSequence}";
        await io.Out.WriteLineAsync(
            $"partition {partition}: replayed {batches} batches, {applied} decisions {origin} in {stopwatch.Elapsed.TotalMilliseconds:F1} ms; " +
            $"last decision {state.LastDecisionSequence}, last input {state.LastInputSequence}").ConfigureAwait(false);
        if (failure is not null)
        {
            await io.Error.WriteLineAsync($"partition {partition}: replay stopped: {failure}").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }

        foreach (var session in SessionSummary.Of(state))
        {
            Print(io, session);
        }

        return ExitCodes.Ok;
    }

    private static void Print(OpsOutput io, SessionSummary session)
    {
        var table = new Table()
            .Title($"session {session.SessionId}{(session.Closed ? " (closed)" : "")}")
            .AddColumns("category", "held", "sold", "free", "capacity");
        foreach (var category in session.Categories)
        {
            table.AddRow($"{category.Category}", $"{category.Held}", $"{category.Sold}", $"{category.Free}", $"{category.Capacity}");
        }

        io.Console.Write(table);
        var orders = string.Join(", ", session.OrdersByStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
        io.Console.WriteLine($"  orders: {(orders.Length == 0 ? "none" : orders)}; confirmed revenue {session.ConfirmedRevenue} (minor units)");
    }
}
