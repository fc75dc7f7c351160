using System.Globalization;
using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using TicketBooking.Contracts;
using TicketBooking.Engine.Audit;
using TicketBooking.Engine.Decisions;
using TicketBooking.IntegrationTests.Ops;

namespace TicketBooking.IntegrationTests.Journey;

/// <summary>
/// Invariant 4 (money) at the end of a journey: strictly over what the test itself did (the pure <see cref="MoneyAuditor"/>
/// over its own buyers' ledger and its partition's journal, held to exact counts too), and over everything with
/// <c>tb-ops money</c> (the whole wallet ledger and every partition's journal), which must find nothing wrong with the
/// test's orders and accounts.
/// </summary>
internal static class JourneyMoney
{
    /// <summary>
    /// Runs <c>tb-ops money --json</c> over everything (the whole wallet ledger, every partition's journal) and asserts
    /// that it ran and that none of its findings is about <paramref name="orders"/> or <paramref name="buyers"/>. Whether
    /// the global audit is clean is not asserted: the ledger is shared with whatever else ran against these services (a
    /// <c>./tb run</c> demo's buyers, say), and every test of the engine-streams collection recreates the streams, which
    /// drops the journals those buyers' debits were made for. <see cref="AuditOwnAsync"/> is the strict check of this
    /// test's own money. Returns the global report's summary line.
    /// </summary>
    public static async Task<string> AssertNoGlobalFindingsAboutAsync(ServicesFixture services, IEnumerable<Guid> orders, IEnumerable<long> buyers)
    {
        var run = await OpsCliRun.RunAsync(services, "money", "--json");
        Assert.True(run.ExitCode is 0 or 1, $"tb-ops money did not run: {run}");
        var report = JsonDocument.Parse(run.Out).RootElement;
        var ours = orders.Select(order => $"order {order}:")
            .Concat(buyers.Select(buyer => string.Create(CultureInfo.InvariantCulture, $"account {buyer}:")))
            .ToList();
        var findings = report.GetProperty("findings").EnumerateArray()
            .Select(finding => $"{finding.GetProperty("code").GetString()}: {finding.GetProperty("message").GetString()}")
            .ToList();
        var aboutUs = findings.Where(finding => ours.Any(mark => finding.Contains(mark, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(aboutUs.Count == 0, $"tb-ops money found problems with this test's money:\n{string.Join('\n', aboutUs)}");
        return $"tb-ops money: exit {run.ExitCode}, settled {report.GetProperty("settled").GetBoolean()}, {findings.Count} findings " +
            $"(none about this test), totals {report.GetProperty("totals")}";
    }

    /// <summary>The money audit over <paramref name="buyers"/>' ledger rows and accounts and one partition's decisions.</summary>
    public static async Task<MoneyReport> AuditOwnAsync(NpgsqlDataSource pg, long[] buyers, IEnumerable<Decision> journal)
    {
        await using var connection = await pg.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);

        var movements = new List<LedgerMovement>();
        long topUps = 0, debits = 0, refunds = 0;
        var net = buyers.ToDictionary(buyer => buyer, _ => 0L);
        await using (var command = new NpgsqlCommand("SELECT order_id, buyer_id, kind, amount FROM wallet.ledger WHERE buyer_id = ANY($1) ORDER BY entry_id", connection, transaction))
        {
            command.Parameters.AddWithValue(buyers);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var (buyer, kind, amount) = (reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3));
                switch (kind)
                {
                    case "top_up":
                        topUps += amount;
                        net[buyer] += amount;
                        break;
                    case "debit":
                        debits += amount;
                        net[buyer] -= amount;
                        movements.Add(new LedgerMovement(reader.GetGuid(0), buyer, LedgerEntryKind.Debit, amount));
                        break;
                    default:
                        refunds += amount;
                        net[buyer] += amount;
                        movements.Add(new LedgerMovement(reader.GetGuid(0), buyer, LedgerEntryKind.Refund, amount));
                        break;
                }
            }
        }

        long balances = 0;
        var outOfBalance = new List<long>();
        await using (var command = new NpgsqlCommand("SELECT buyer_id, balance FROM wallet.accounts WHERE buyer_id = ANY($1) ORDER BY buyer_id", connection, transaction))
        {
            command.Parameters.AddWithValue(buyers);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var (buyer, balance) = (reader.GetInt64(0), reader.GetInt64(1));
                balances += balance;
                if (balance != net[buyer])
                {
                    outOfBalance.Add(buyer);
                }
            }
        }

        return MoneyAuditor.Audit(journal, movements, new LedgerTotals(topUps, debits, refunds, balances, outOfBalance));
    }

    public static string Describe(MoneyReport report) =>
        $"findings: [{string.Join("; ", report.Findings.Select(f => $"{f.Code}: {f.Message}"))}], pending: {report.Pending.DebitsNotConfirmed} debits not confirmed, " +
        $"{report.Pending.RefundsNotPaid} refunds not paid, {report.Pending.HoldsUnsettled} holds unsettled; totals {report.Totals}";

    /// <summary>
    /// Removes what a finished test left in its partition of the streams (inputs and decisions) and its snapshots. Its
    /// buyers leave the ledger when the test ends, and a journal that still confirmed their orders would make any later
    /// global money audit fail. The engine host must be gone by then.
    /// </summary>
    public static async Task ForgetPartitionAsync(ServicesFixture services, int partition)
    {
        var js = new NatsJSContext(services.Nats);
        foreach (var (stream, filter) in new[] { (Subjects.InputStream, Subjects.PartitionFilter(partition)), (Subjects.DecisionsStream, Subjects.Decisions(partition)) })
        {
            try
            {
                await js.PurgeStreamAsync(stream, new StreamPurgeRequest { Filter = filter });
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
            }
        }

        await using var delete = services.Pg.CreateCommand("DELETE FROM engine.snapshots WHERE partition = $1");
        delete.Parameters.AddWithValue(partition);
        await delete.ExecuteNonQueryAsync();
    }
}
