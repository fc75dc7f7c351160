using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using TicketBooking.Audit;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// <c>money [--wait 30s] [--json]</c>: the money invariant, from the wallet's ledger and every partition's journal
/// (<see cref="MoneyAuditor"/>). Exit 0 when nothing is wrong and nothing is left in flight.
/// </summary>
public static class MoneyCommand
{
    private const int FindingsShown = 20;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wait = new Option<TimeSpan>("--wait")
        {
            Description = "Audit again (every second) for up to this long while payments or refunds are still in flight, such as 00:00:30. Default: once.",
            DefaultValueFactory = _ => TimeSpan.Zero,
        };
        var buyers = new Option<string?>("--buyers")
        {
            Description = "Audit only buyers FIRST..LAST (such as 1000..1999): a load test's buyers, on a database whose other accounts saw journals that were since deleted (tests recreate the streams).",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (totals, counts, pending, findings, ok, settled) and nothing else on stdout." };
        var command = new Command(
            "money",
            "Audits the money: top-ups - balances = debits - refunds, every account equal to its entries, no order debited or refunded twice, " +
            "every confirmed order debited once for its held amount, every refund matching a debit and a RefundDue, nothing left in flight. " +
            "Reads the wallet ledger (TB_PG) and every partition's journal. Exit 0 when all hold, 1 otherwise.")
        {
            wait,
            buyers,
            json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var waitFor = parseResult.GetValue(wait);
            if (waitFor < TimeSpan.Zero)
            {
                await io.Error.WriteLineAsync("--wait cannot be negative.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            BuyerRange? scope = null;
            if (parseResult.GetValue(buyers) is { } text)
            {
                if (!TryParseRange(text, out var range))
                {
                    await io.Error.WriteLineAsync($"--buyers '{text}' is not FIRST..LAST with 0 < FIRST <= LAST.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                scope = range;
            }

            await using var services = await OpsServices.ConnectAsync(parseResult.GetValue(options.Nats)!, parseResult.GetValue(options.Postgres)!, cancellationToken).ConfigureAwait(false);
            var report = await AuditUntilSettledAsync(services, parseResult.GetValue(options.PartitionCount), scope, waitFor, cancellationToken).ConfigureAwait(false);
            await PrintAsync(io, report, parseResult.GetValue(json)).ConfigureAwait(false);
            return report.Settled ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static async Task<MoneyReport> AuditUntilSettledAsync(OpsServices services, int partitionCount, BuyerRange? buyers, TimeSpan wait, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // The ledger first: every debit it shows was made for a hold the journal already holds.
            var (movements, totals) = await services.ReadLedgerAsync(buyers, cancellationToken).ConfigureAwait(false);
            var decisions = new List<Decision>();
            for (var partition = 0; partition < partitionCount; partition++)
            {
                await foreach (var batch in services.Journal.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
                {
                    decisions.AddRange(batch.Batch.Decisions);
                }
            }

            var report = MoneyAuditor.Audit(decisions, movements, totals, buyers);
            if (report.Settled || clock.Elapsed >= wait)
            {
                return report;
            }

            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Parses <c>FIRST..LAST</c> with 0 &lt; FIRST &lt;= LAST, as <c>--buyers</c> takes it.</summary>
    internal static bool TryParseRange(string text, out BuyerRange range)
    {
        range = default;
        var parts = text.Split("..");
        if (parts.Length != 2
            || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last)
            || first <= 0 || last < first)
        {
            return false;
        }

        range = new BuyerRange(first, last);
        return true;
    }

    private static async Task PrintAsync(OpsOutput io, MoneyReport report, bool json)
    {
        if (json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json)).ConfigureAwait(false);
            return;
        }

        var totals = report.Totals;
        io.Console.WriteLine($"ledger: top-ups {totals.TopUps}, debits {totals.Debits}, refunds {totals.Refunds}, balances {totals.Balances} (minor units)");
        io.Console.WriteLine($"orders: {report.ConfirmedOrders} confirmed, {report.Debits} debited, {report.Refunds} refunded");
        io.Console.WriteLine($"in flight: {report.Pending.DebitsNotConfirmed} debits not confirmed, {report.Pending.RefundsNotPaid} refunds not paid, {report.Pending.HoldsUnsettled} holds without outcome");
        foreach (var finding in report.Findings.Take(FindingsShown))
        {
            io.Console.WriteLine($"  {finding.Code}: {finding.Message}");
        }

        if (report.Findings.Count > FindingsShown)
        {
            io.Console.WriteLine($"  ... and {report.Findings.Count - FindingsShown} more findings (--json lists them all)");
        }

        io.Console.MarkupLine(report.Settled
            ? "[green]ok[/]: the money adds up and nothing is in flight"
            : report.Ok ? "[red]NOT SETTLED[/]: nothing is wrong, but money is still in flight" : "[red]FAILED[/]: the money does not add up");
    }
}
