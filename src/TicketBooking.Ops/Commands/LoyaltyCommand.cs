using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TicketBooking.Audit;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// <c>loyalty [--wait 30s] [--buyers FIRST..LAST] [--earn-rate 1/100] [--json]</c>: the loyalty invariant, from the
/// wallet's loyalty entries and every partition's journal (<see cref="LoyaltyAuditor"/>). Exit 0 when nothing is
/// wrong and nothing is left in flight.
/// </summary>
public static class LoyaltyCommand
{
    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wait = LedgerAudit.WaitOption("points are");
        var buyers = LedgerAudit.BuyersOption("Audit only buyers FIRST..LAST (such as 1000..1999), as money --buyers.");
        var earnRate = new Option<string>("--earn-rate")
        {
            Description = "The wallet's Wallet:Loyalty rate, POINTS/MINOR_UNITS, for confirmed orders not credited yet (a credited earning is checked at the rate recorded on it). Default 1/100, the wallet's default.",
            DefaultValueFactory = _ => "1/100",
        };
        var json = LedgerAudit.JsonOption("totals, pending, findings, ok, settled");
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
            if (await LedgerAudit.ReadScopeAsync(parseResult, wait, buyers, io).ConfigureAwait(false) is not { } read)
            {
                return ExitCodes.Usage;
            }

            var (waitFor, scope) = read;

            var rateText = parseResult.GetValue(earnRate)!;
            if (!TryParseRate(rateText, out var rate))
            {
                await io.Error.WriteLineAsync($"--earn-rate '{rateText}' is not POINTS/MINOR_UNITS with 0 <= POINTS <= MINOR_UNITS and MINOR_UNITS > 0.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await using var services = await OpsServices.ConnectAsync(parseResult.GetValue(options.Nats)!, parseResult.GetValue(options.Postgres)!, cancellationToken).ConfigureAwait(false);
            var report = await LedgerAudit.UntilSettledAsync<LoyaltyReport>(
                services,
                parseResult.GetValue(options.PartitionCount),
                async token =>
                {
                    var entries = await services.ReadLoyaltyAsync(scope, token).ConfigureAwait(false);
                    return decisions => LoyaltyAuditor.Audit(decisions, entries, rate, scope);
                },
                report => report.Settled,
                waitFor,
                cancellationToken).ConfigureAwait(false);
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

    private static async Task PrintAsync(OpsOutput io, LoyaltyReport report, bool json)
    {
        if (json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(report, LedgerAudit.Json)).ConfigureAwait(false);
            return;
        }

        var totals = report.Totals;
        io.Console.WriteLine($"points: earned {totals.Earned}, reversed {totals.Reversed}, spent {totals.Spent}, returned {totals.Returned}, balance {totals.Balance} ({report.Entries} entries)");
        var pending = report.Pending;
        io.Console.WriteLine($"in flight: {pending.SpendsNotSettled} spends not settled, {pending.EarningsNotCredited} earnings not credited, {pending.ReturnsNotMade} returns not made, {pending.ReversalsNotMade} reversals not made");
        LedgerAudit.PrintFindings(io, report.Findings);
        io.Console.MarkupLine(report.Settled
            ? "[green]ok[/]: the points add up and nothing is in flight"
            : report.Ok ? "[red]NOT SETTLED[/]: nothing is wrong, but points are still in flight" : "[red]FAILED[/]: the points do not add up");
    }
}
