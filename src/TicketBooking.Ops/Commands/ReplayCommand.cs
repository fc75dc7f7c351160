using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using TicketBooking.Audit;
using TicketBooking.Engine.State;
using TicketBooking.Recovery;

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
        var after = (ulong)(snapshot?.Snapshot.JournalStreamSequence ?? 0);
        var from = after + 1;
        var end = await services.Journal.LastStreamSequenceAsync(partition, cancellationToken).ConfigureAwait(false);
        var replay = new JournalReplay(services.Journal);
        var replayed = await io.WithProgressAsync($"replaying partition {partition}", progress =>
            replay.ReplayAsync(
                partition,
                state,
                after,
                position => progress.Report(end <= from ? 1.0 : (double)(position - from) / (end - from)),
                cancellationToken)).ConfigureAwait(false);

        var origin = snapshot is null ? "from zero" : $"from the snapshot at decision {snapshot.Snapshot.LastDecisionSequence}";
        await io.Out.WriteLineAsync(
            $"partition {partition}: replayed {replayed.Batches} batches, {replayed.Decisions} decisions {origin} in {stopwatch.Elapsed.TotalMilliseconds:F1} ms; " +
            $"last decision {state.LastDecisionSequence}, last input {state.LastInputSequence}").ConfigureAwait(false);
        if (replayed.Failure is { } failure)
        {
            await io.Error.WriteLineAsync($"partition {partition}: replay stopped: {failure.Reason}").ConfigureAwait(false);
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
