using Npgsql;

namespace TicketBooking.IntegrationTests.Loyalty;

/// <summary>The wallet's loyalty entries of some buyers, read for assertions, forged for the audit, deleted when a test ends.</summary>
internal sealed class LoyaltyLedger(NpgsqlDataSource pg)
{
    /// <summary>(order, kind, points) of every entry of <paramref name="buyers"/>, in the order written.</summary>
    public async Task<List<(Guid OrderId, string Kind, long Points)>> EntriesAsync(params long[] buyers)
    {
        await using var command = pg.CreateCommand("SELECT order_id, kind, points FROM wallet.loyalty_entries WHERE buyer_id = ANY($1) ORDER BY entry_id");
        command.Parameters.AddWithValue(buyers);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<(Guid, string, long)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return entries;
    }

    /// <summary>The payments recorded for <paramref name="orders"/>: order → failure reason (null when paid).</summary>
    public async Task<Dictionary<Guid, string?>> PaymentsAsync(params Guid[] orders)
    {
        await using var command = pg.CreateCommand("SELECT order_id, reason FROM wallet.payments WHERE order_id = ANY($1)");
        command.Parameters.AddWithValue(orders);
        await using var reader = await command.ExecuteReaderAsync();
        var payments = new Dictionary<Guid, string?>();
        while (await reader.ReadAsync())
        {
            payments[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return payments;
    }

    /// <summary>An earning the journal knows nothing of, as a bug or a hand edit would leave it.</summary>
    public async Task ForgeEarningAsync(long buyerId, Guid orderId, long points)
    {
        await using var command = pg.CreateCommand(
            "INSERT INTO wallet.loyalty_entries (buyer_id, order_id, session_id, kind, points, rate_points, rate_minor_units, created_at) VALUES ($1, $2, 0, 'earn', $3, 1, 100, now())");
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(orderId);
        command.Parameters.AddWithValue(points);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DeleteAsync(params long[] buyers)
    {
        await using var command = pg.CreateCommand("DELETE FROM wallet.loyalty_entries WHERE buyer_id = ANY($1)");
        command.Parameters.AddWithValue(buyers);
        await command.ExecuteNonQueryAsync();
    }
}
