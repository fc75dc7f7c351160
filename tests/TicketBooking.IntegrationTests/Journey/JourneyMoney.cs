using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Ops;

namespace TicketBooking.IntegrationTests.Journey;

/// <summary>
/// Invariant 4 (money) at the end of a test, checked the way an operator would: <c>tb-ops money</c>, which reads the
/// wallet ledger and every partition's journal together, limited to the test's own buyers (the ledger is shared with
/// whatever else ran against these services, and other tests recreate the streams their debits were made for).
/// </summary>
internal static class JourneyMoney
{
    /// <summary>
    /// Runs <c>tb-ops money --buyers RANGE --wait 00:00:30 --json</c> and asserts that it passed: nothing wrong and nothing
    /// in flight. Returns the report, for the test's own counts.
    /// </summary>
    public static async Task<JsonElement> AuditAsync(ServicesFixture services, string buyers)
    {
        var run = await OpsCliRun.RunAsync(services, "money", "--buyers", buyers, "--wait", "00:00:30", "--json");
        Assert.True(run.ExitCode == 0, $"tb-ops money --buyers {buyers} failed: {run}");
        return JsonDocument.Parse(run.Out).RootElement;
    }

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
