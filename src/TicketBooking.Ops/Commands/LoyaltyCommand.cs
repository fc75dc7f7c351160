using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using TicketBooking.Audit;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// <c>loyalty [--wait 30s] [--buyers FIRST..LAST] [--earn-rate 1/100] [--json]</c>: the loyalty invariant, from the
/// wallet's loyalty entries and every partition's journal (<see cref="LoyaltyAuditor"/>). Exit 0 when nothing is
/// wrong and nothing is left in flight.
/// </summary>
public static class LoyaltyCommand
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
            Description = "Audit again (every second) for up to this long while points are still in flight, such as 00:00:30. Default: once.",
            DefaultValueFactory = _ => TimeSpan.Zero,
        };
        var buyers = new Option<string?>("--buyers")
        {
            Description = "Audit only buyers FIRST..LAST (such as 1000..1999), as money --buyers.",
        };
        var earnRate = new Option<string>("--earn-rate")
        {
            Description = "The wallet's Wallet:Loyalty rate, POINTS/MINOR_UNITS, for confirmed orders not credited yet (a credited earning is checked at the rate recorded on it). Default 1/100, the wallet's default.",
            DefaultValueFactory = _ => "1/100",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (totals, pending, findings, ok, settled) and nothing else on stdout." };
        var command = new Command(
            "loyalty",
            "Audits the loyalty points: one entry per order and kind, none for an unknown order, every spend the points its paid hold spent " +
            "(none for a failed payment), every spend returned once after a RefundDue, every confirmed order earning floor(amount x rate), every " +
            "earning reversed once after a cancellation's refund, nothing left in flight. Reads wallet.audit_loyalty (TB_PG) and every partition's journal. " +
            "Exit 0 when all hold, 1 otherwise.")
        {
            wait,
            buyers,
            earnRate,
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

            var rateText = parseResult.GetValue(earnRate)!;
            if (!TryParseRate(rateText, out var rate))
            {
                await io.Error.WriteLineAsync($"--earn-rate '{rateText}' is not POINTS/MINOR_UNITS with 0 <= POINTS <= MINOR_UNITS and MINOR_UNITS > 0.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            BuyerRange? scope = null;
            if (parseResult.GetValue(buyers) is { } text)
            {
                if (!MoneyCommand.TryParseRange(text, out var range))
                {
                    await io.Error.WriteLineAsync($"--buyers '{text}' is not FIRST..LAST with 0 < FIRST <= LAST.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                scope = range;
            }

            await using var services = await OpsServices.ConnectAsync(parseResult.GetValue(options.Nats)!, parseResult.GetValue(options.Postgres)!, cancellationToken).ConfigureAwait(false);
            var report = await AuditUntilSettledAsync(services, parseResult.GetValue(options.PartitionCount), scope, rate, waitFor, cancellationToken).ConfigureAwait(false);
            await PrintAsync(io, report, parseResult.GetValue(json)).ConfigureAwait(false);
            return report.Settled ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    internal static bool TryParseRate(string text, out (long Points, long PerMinorUnits) rate)
    {
        rate = default;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var points)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var perMinorUnits)
            || perMinorUnits <= 0 || points > perMinorUnits)
        {
            return false;
        }

        rate = (points, perMinorUnits);
        return true;
    }

    private static async Task<LoyaltyReport> AuditUntilSettledAsync(
        OpsServices services, int partitionCount, BuyerRange? buyers, (long, long) rate, TimeSpan wait, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // The entries first: every one of them was written for decisions the journal already holds.
            var entries = await services.ReadLoyaltyAsync(buyers, cancellationToken).ConfigureAwait(false);
            var decisions = new List<Decision>();
            for (var partition = 0; partition < partitionCount; partition++)
            {
                await foreach (var batch in services.Journal.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
                {
                    decisions.AddRange(batch.Batch.Decisions);
                }
            }

            var report = LoyaltyAuditor.Audit(decisions, entries, rate, buyers);
            if (report.Settled || clock.Elapsed >= wait)
            {
                return report;
            }

            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task PrintAsync(OpsOutput io, LoyaltyReport report, bool json)
    {
        if (json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json)).ConfigureAwait(false);
            return;
        }

        var totals = report.Totals;
        io.Console.WriteLine($"points: earned {totals.Earned}, reversed {totals.Reversed}, spent {totals.Spent}, returned {totals.Returned}, balance {totals.Balance} ({report.Entries} entries)");
        var pending = report.Pending;
        io.Console.WriteLine($"in flight: {pending.SpendsNotSettled} spends not settled, {pending.EarningsNotCredited} earnings not credited, {pending.ReturnsNotMade} returns not made, {pending.ReversalsNotMade} reversals not made");
        foreach (var finding in report.Findings.Take(FindingsShown))
        {
            io.Console.WriteLine($"  {finding.Code}: {finding.Message}");
        }

        if (report.Findings.Count > FindingsShown)
        {
            io.Console.WriteLine($"  ... and {report.Findings.Count - FindingsShown} more findings (--json lists them all)");
        }

        io.Console.MarkupLine(report.Settled
            ? "[green]ok[/]: the points add up and nothing is in flight"
            : report.Ok ? "[red]NOT SETTLED[/]: nothing is wrong, but points are still in flight" : "[red]FAILED[/]: the points do not add up");
    }
}
