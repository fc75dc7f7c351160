using Npgsql;
using TicketBooking.Storage;
using TicketBooking.Wallet;

namespace TicketBooking.IntegrationTests.Wallet;

/// <summary>
/// Buyer ids of one test, from a random start so that tests never share an account, and what the
/// wallet holds for them: read for assertions, deleted when the test ends.
/// </summary>
internal sealed class TestBuyers(NpgsqlDataSource pg)
{
    private readonly long _first = Random.Shared.NextInt64(1L << 40, 1L << 52);
    private int _count;

    public long[] All => [.. Enumerable.Range(0, _count).Select(i => _first + i)];

    public long Next() => _first + _count++;

    /// <summary>The buyers as <c>tb-ops money --buyers</c> takes them: <c>FIRST..LAST</c>.</summary>
    public string Range => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_first}..{_first + Math.Max(_count, 1) - 1}");

    public async Task MigrateAsync() => await new SchemaMigrator(pg, WalletMigrations.Set).MigrateAsync(CancellationToken.None);

    /// <summary>(order, amount) of every debit of these buyers.</summary>
    public async Task<List<(Guid OrderId, long Amount)>> DebitsAsync() => await OrderEntriesAsync("debit");

    public async Task<List<(Guid OrderId, long Amount)>> RefundsAsync() => await OrderEntriesAsync("refund");

    /// <summary>Their ledger, entry by entry, and their balances: what must not change when nothing new happens.</summary>
    public async Task<string> StatementAsync()
    {
        await using var command = pg.CreateCommand(
            """
            SELECT coalesce(string_agg(format('%s %s %s %s %s', entry_id, buyer_id, kind, amount, order_id), E'\n' ORDER BY entry_id), '')
                || E'\n' || (SELECT coalesce(string_agg(format('%s=%s', buyer_id, balance), ' ' ORDER BY buyer_id), '') FROM wallet.accounts WHERE buyer_id = ANY($1))
                || E'\n' || (SELECT coalesce(string_agg(format('%s %s %s', order_id, outcome, reason), E'\n' ORDER BY order_id), '') FROM wallet.payments WHERE buyer_id = ANY($1))
            FROM wallet.ledger WHERE buyer_id = ANY($1)
            """);
        command.Parameters.AddWithValue(All);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The recorded payment outcomes: order → failure reason (null when paid).</summary>
    public async Task<Dictionary<Guid, string?>> PaymentsAsync()
    {
        await using var command = pg.CreateCommand("SELECT order_id, reason FROM wallet.payments WHERE buyer_id = ANY($1)");
        command.Parameters.AddWithValue(All);
        await using var reader = await command.ExecuteReaderAsync();
        var payments = new Dictionary<Guid, string?>();
        while (await reader.ReadAsync())
        {
            payments[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return payments;
    }

    /// <summary>Invariant 4: top-ups - balances = debits - refunds.</summary>
    public async Task<(long TopUps, long Balances, long Debits, long Refunds)> MoneyAsync()
    {
        await using var command = pg.CreateCommand(
            """
            SELECT coalesce(sum(amount) FILTER (WHERE kind = 'top_up'), 0)::bigint,
                   (SELECT coalesce(sum(balance), 0)::bigint FROM wallet.accounts WHERE buyer_id = ANY($1)),
                   coalesce(sum(amount) FILTER (WHERE kind = 'debit'), 0)::bigint,
                   coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0)::bigint
            FROM wallet.ledger WHERE buyer_id = ANY($1)
            """);
        command.Parameters.AddWithValue(All);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Sets a balance behind the ledger's back, as a corrupted or hand-edited account would have it.</summary>
    public async Task SetBalanceAsync(long buyerId, long balance)
    {
        await using var command = pg.CreateCommand("UPDATE wallet.accounts SET balance = $2 WHERE buyer_id = $1");
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(balance);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task<long> BalanceAsync(long buyerId)
    {
        await using var command = pg.CreateCommand("SELECT balance FROM wallet.accounts WHERE buyer_id = $1");
        command.Parameters.AddWithValue(buyerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>(order, kind, amount, reason) of every parked settlement of these buyers.</summary>
    public async Task<List<(Guid OrderId, string Kind, long Amount, string Reason)>> DeadLettersAsync()
    {
        await using var command = pg.CreateCommand("SELECT order_id, kind, amount, reason FROM wallet.settlement_dead_letters WHERE buyer_id = ANY($1) ORDER BY parked_at, order_id");
        command.Parameters.AddWithValue(All);
        await using var reader = await command.ExecuteReaderAsync();
        var deadLetters = new List<(Guid, string, long, string)>();
        while (await reader.ReadAsync())
        {
            deadLetters.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return deadLetters;
    }

    public async Task DeleteAsync()
    {
        await using var batch = pg.CreateBatch();
        foreach (var sql in new[]
        {
            "DELETE FROM wallet.credit_sources WHERE entry_id IN (SELECT entry_id FROM wallet.ledger WHERE buyer_id = ANY($1))",
            "DELETE FROM wallet.settlement_dead_letters WHERE buyer_id = ANY($1)",
            "DELETE FROM wallet.ledger WHERE buyer_id = ANY($1)",
            "DELETE FROM wallet.payments WHERE buyer_id = ANY($1)",
            "DELETE FROM wallet.accounts WHERE buyer_id = ANY($1)",
        })
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = All } } });
        }

        await batch.ExecuteNonQueryAsync();
    }

    private async Task<List<(Guid OrderId, long Amount)>> OrderEntriesAsync(string kind)
    {
        await using var command = pg.CreateCommand("SELECT order_id, amount FROM wallet.ledger WHERE buyer_id = ANY($1) AND kind = $2 ORDER BY entry_id");
        command.Parameters.AddWithValue(All);
        command.Parameters.AddWithValue(kind);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<(Guid, long)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        return entries;
    }
}
