using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using TicketBooking.Audit;

namespace TicketBooking.Ops.Commands;

/// <summary><c>verify (--partition N | --all) [--json]</c>: audits journals, inputs and snapshots; exit 0 only when every check holds.</summary>
public static class VerifyCommand
{
    /// <summary>Findings printed per partition in text; --json has them all.</summary>
    private const int FindingsShown = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var partition = OpsOptions.CreatePartition("The partition to verify.");
        var all = new Option<bool>("--all") { Description = "Verify every partition (0 .. --partition-count - 1)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (per partition: counts, snapshot compared, findings; and overall ok) and nothing else on stdout." };
        var command = new Command(
            "verify",
            "Audits partitions: decision sequences gap-free, input positions in order, the fold from zero (no seat in two live orders), " +
            "one outcome per input while TB_INPUT has them, no hold left past its deadline, and the newest valid snapshot equal to the fold at its decision. " +
            "Exit 0 when every check holds, 1 when any fails.")
        {
            partition,
            all,
            json,
        };
        OpsOptions.AddPartitionCheck(command, partition, required: true, all);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (options.SelectPartitions(parseResult, partition, io.Error) is not { } partitions)
            {
                return ExitCodes.Usage;
            }

            return await RunAsync(io, parseResult.GetValue(options.Nats)!, parseResult.GetValue(options.Postgres)!, partitions, parseResult.GetValue(json), cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(OpsOutput io, string nats, string postgres, int[] partitions, bool json, CancellationToken cancellationToken)
    {
        await using var services = await OpsServices.ConnectAsync(nats, postgres, cancellationToken).ConfigureAwait(false);
        var verifier = new PartitionVerifier(services);
        var results = new List<PartitionVerification>();
        foreach (var partition in partitions)
        {
            var result = await verifier.VerifyAsync(partition, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (!json)
            {
                Print(io, result);
            }
        }

        var overall = new VerificationResult(results.TrueForAll(r => r.Ok), results);
        if (json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(overall, Json)).ConfigureAwait(false);
        }
        else
        {
            var failed = results.Count(r => !r.Ok);
            io.Console.MarkupLine(overall.Ok
                ? $"[green]ok[/]: every check holds on {results.Count} partition(s)"
                : $"[red]FAILED[/]: {failed} of {results.Count} partition(s) broke an invariant");
        }

        return overall.Ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    private static void Print(OpsOutput io, PartitionVerification result)
    {
        var snapshot = result.SnapshotCompared ? $", snapshot at decision {result.SnapshotDecisionSequence} compared" : "";
        var status = result.Ok ? "[green]ok[/]" : "[red]FAILED[/]";
        io.Console.MarkupLine(Markup.Escape($"partition {result.Partition}: ") + status + Markup.Escape(
            $" - {result.Batches} batches, {result.Decisions} decisions, {result.InputsChecked} inputs checked{snapshot}"));
        foreach (var note in result.Notes)
        {
            io.Console.WriteLine($"  note: {note}");
        }

        foreach (var finding in result.Findings.Take(FindingsShown))
        {
            io.Console.WriteLine($"  {finding.Code}: {finding.Message}");
        }

        var more = result.Findings.Count - FindingsShown + result.FindingsOmitted;
        if (more > 0)
        {
            io.Console.WriteLine($"  ... and {more} more findings (--json lists up to {JournalAuditor.MaxFindings})");
        }
    }
}
