using Npgsql;

namespace TicketBooking.Wallet.Accounts;

/// <summary>Buyers' accounts and their ledger, read and opened in schema <c>wallet</c>.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    public async Task<AccountView?> FindAsync(long buyerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT currency, balance FROM wallet.accounts WHERE buyer_id = $1");
        command.Parameters.AddWithValue(buyerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AccountView(buyerId, reader.GetString(0), reader.GetInt64(1))
            : null;
    }

    /// <summary>Opens an empty account; false when the buyer has one already (whatever its currency).</summary>
    public async Task<bool> TryOpenAsync(long buyerId, string currency, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO wallet.accounts (buyer_id, currency) VALUES ($1, $2) ON CONFLICT (buyer_id) DO NOTHING");
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(currency);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Up to <paramref name="limit"/> entries older than entry <paramref name="before"/>, newest first.</summary>
    public async Task<LedgerPage> LedgerAsync(long buyerId, int limit, long before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT entry_id, kind, amount, order_id, session_id, created_at
            FROM wallet.ledger
            WHERE buyer_id = $1 AND entry_id < $2
            ORDER BY entry_id DESC
            LIMIT $3
            """);
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(before);
        command.Parameters.AddWithValue(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LedgerEntryView>(limit);
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entries.Count == limit)
            {
                more = true;
                break;
            }

            entries.Add(ReadEntry(reader));
        }

        return new LedgerPage(entries, more ? entries[^1].EntryId : null);
    }

    internal static LedgerEntryView ReadEntry(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetGuid(3),
        reader.IsDBNull(4) ? null : reader.GetInt64(4),
        reader.GetFieldValue<DateTimeOffset>(5));
}
