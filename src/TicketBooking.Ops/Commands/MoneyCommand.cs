using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TicketBooking.Audit;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// <c>money [--wait 30s] [--json]</c>: the money invariant, from the wallet's ledger and every partition's journal
/// (<see cref="MoneyAuditor"/>). Exit 0 when nothing is wrong and nothing is left in flight.
/// </summary>
public static class MoneyCommand
{
    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wait = LedgerAudit.WaitOption("payments or refunds are");
        var buyers = LedgerAudit.BuyersOption(
            "Audit only buyers FIRST..LAST (such as 1000..1999): a load test's buyers, on a database whose other accounts saw journals that were since deleted (tests recreate the streams).");
        var json = LedgerAudit.JsonOption("totals, counts, pending, findings, ok, settled");
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
            if (await LedgerAudit.ReadScopeAsync(parseResult, wait, buyers, io).ConfigureAwait(false) is not { } read)
            {
                return ExitCodes.Usage;
            }

            var (waitFor, scope) = read;

            await using var services = await OpsServices.ConnectAsync(parseResult.GetValue(options.Nats)!, parseResult.GetValue(options.Postgres)!, cancellationToken).ConfigureAwait(false);
            var report = await LedgerAudit.UntilSettledAsync<MoneyReport>(
                services,
                parseResult.GetValue(options.PartitionCount),
                async token =>
                {
                    var (movements, totals) = await services.ReadLedgerAsync(scope, token).ConfigureAwait(false);
                    return decisions => MoneyAuditor.Audit(decisions, movements, totals, scope);
                },
                report => report.Settled,
                waitFor,
                cancellationToken).ConfigureAwait(false);
            await PrintAsync(io, report, parseResult.GetValue(json)).ConfigureAwait(false);
            return report.Settled ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static async Task PrintAsync(OpsOutput io, MoneyReport report, bool json)
    {
        if (json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(report, LedgerAudit.Json)).ConfigureAwait(false);
            return;
        }

        var totals = report.Totals;
        io.Console.WriteLine($"ledger: top-ups {totals.TopUps}, debits {totals.Debits}, refunds {totals.Refunds}, balances {totals.Balances} (minor units)");
        io.Console.WriteLine($"orders: {report.ConfirmedOrders} confirmed, {report.Debits} debited, {report.Refunds} refunded");
        io.Console.WriteLine($"in flight: {report.Pending.DebitsNotConfirmed} debits not confirmed, {report.Pending.RefundsNotPaid} refunds not paid, {report.Pending.HoldsUnsettled} holds without outcome");
        LedgerAudit.PrintFindings(io, report.Findings);
        io.Console.MarkupLine(report.Settled
            ? "[green]ok[/]: the money adds up and nothing is in flight"
            : report.Ok ? "[red]NOT SETTLED[/]: nothing is wrong, but money is still in flight" : "[red]FAILED[/]: the money does not add up");
    }
}
