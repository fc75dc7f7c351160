using Npgsql;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.State;
using TicketBooking.Storage;
using TicketBooking.Testing;

namespace TicketBooking.IntegrationTests.Storage;

internal static class StorageTestSupport
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static Task MigrateEngineAsync(NpgsqlDataSource pg) => SchemaMigrator.ForEngine(pg).MigrateAsync(CancellationToken.None);

    /// <summary>An engine state after a session opens and <paramref name="purchases"/> buyers hold a seat each (every other one pays).</summary>
    public static EngineState EngineStateAfter(int purchases)
    {
        var engine = new TicketEngine();
        var decisions = new List<Decision>();
        long input = 0;
        var layout = new SessionLayout([new RowLayout("A", new byte[20]), new RowLayout("B", new byte[20])]);
        Execute(new OpenSession(1, layout, [5_000], 60_000, 4, 10_000_000));
        for (var buyer = 0; buyer < purchases; buyer++)
        {
            var orderId = Guid.NewGuid();
            Execute(new Purchase(orderId, 1, buyer, SeatRequest.Explicit(buyer)));
            if (buyer % 2 == 0)
            {
                Execute(new PaymentSucceeded(orderId, 1));
            }
        }

        return engine.State;

        void Execute(Command command) => engine.Execute(new EngineInput(++input, 1_000 + input, command), decisions);
    }

    public static async Task DeleteSnapshotsAsync(NpgsqlDataSource pg, int partition)
    {
        await using var delete = pg.CreateCommand("DELETE FROM engine.snapshots WHERE partition = $1");
        delete.Parameters.AddWithValue(partition);
        await delete.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Waits until a session named <paramref name="applicationName"/> is blocked on an advisory lock: the handshake that
    /// proves a waiter could already have been granted the lock when a test asserts that it was not.
    /// </summary>
    public static async Task UntilWaitingOnAdvisoryLockAsync(NpgsqlDataSource pg, string applicationName)
    {
        await using var waiting = pg.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock' AND wait_event = 'advisory'");
        waiting.Parameters.AddWithValue(applicationName);
        await Eventually.UntilAsync(async () => (long)(await waiting.ExecuteScalarAsync())! == 1, $"{applicationName} to wait on its advisory lock");
    }

    public static Task WhenCancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task;
    }
}
