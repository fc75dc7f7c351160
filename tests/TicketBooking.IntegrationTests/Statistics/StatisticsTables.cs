using Npgsql;

namespace TicketBooking.IntegrationTests.Statistics;

/// <summary>What the statistics projector wrote (schema <c>statistics</c>), read back with plain SQL, and the wait for it to reach the journal.</summary>
internal static class StatisticsTables
{
    /// <summary>Waits until the statistics' checkpoint of <paramref name="partition"/> reaches stream sequence <paramref name="streamSequence"/>.</summary>
    public static Task WaitForCheckpointAsync(NpgsqlDataSource pg, int partition, ulong streamSequence, Func<string>? diagnostics = null) =>
        Eventually.UntilAsync(async () =>
        {
            try
            {
                await using var command = pg.CreateCommand("SELECT stream_sequence FROM statistics.checkpoints WHERE partition = $1");
                command.Parameters.AddWithValue(partition);
                return await command.ExecuteScalarAsync() is long projected && projected >= (long)streamSequence;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return false;
            }
        }, $"the statistics to reach journal sequence {streamSequence} of partition {partition}", TimeSpan.FromSeconds(60), diagnostics);

    public static async Task<Dictionary<long, SessionRow>> SessionsAsync(NpgsqlDataSource pg, IEnumerable<long> sessions)
    {
        await using var command = pg.CreateCommand(
            """
            SELECT session_id, capacity, tickets_sold, tickets_returned, gross, promo_discounts, points_spent, refunds, late_payment_refunds
            FROM statistics.sessions WHERE session_id = ANY($1)
            """);
        command.Parameters.AddWithValue(sessions.ToArray());
        var rows = new Dictionary<long, SessionRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetInt64(0), new SessionRow(
                reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)));
        }

        return rows;
    }

    public static async Task<Dictionary<(long Session, DateTime Minute), (long Tickets, long Amount)>> MinutesAsync(NpgsqlDataSource pg, IEnumerable<long> sessions)
    {
        await using var command = pg.CreateCommand("SELECT session_id, minute, tickets, amount FROM statistics.sales_per_minute WHERE session_id = ANY($1)");
        command.Parameters.AddWithValue(sessions.ToArray());
        var rows = new Dictionary<(long, DateTime), (long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTime>(1)), (reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }

    public static async Task DropSchemaAsync(NpgsqlDataSource pg)
    {
        await using var drop = pg.CreateCommand("DROP SCHEMA IF EXISTS statistics CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>One row of <c>statistics.sessions</c>.</summary>
internal sealed record SessionRow(int Capacity, long TicketsSold, long TicketsReturned, long Gross, long PromoDiscounts, long PointsSpent, long Refunds, long LatePaymentRefunds);
