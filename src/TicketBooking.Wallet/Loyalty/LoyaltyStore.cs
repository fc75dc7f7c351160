using Npgsql;

namespace TicketBooking.Wallet.Loyalty;

/// <summary>Reads a buyer's loyalty points: the balance and level figures, and the history page by page.</summary>
public sealed class LoyaltyStore(NpgsqlDataSource dataSource)
{
    /// <summary>The buyer's balance, points earned (earn minus earn reversal) in entries made after <paramref name="windowStart"/>, and the block.</summary>
    public async Task<LoyaltySummary> SummaryAsync(long buyerId, DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        // The same block settlement reads, so that frozen here means a spend fails there.
        await using var command = dataSource.CreateCommand(
            """
            SELECT COALESCE(SUM(CASE WHEN kind IN ('earn', 'spend_return') THEN points ELSE -points END), 0)::bigint,
                   COALESCE(SUM(CASE kind WHEN 'earn' THEN points WHEN 'earn_reversal' THEN -points ELSE 0 END) FILTER (WHERE created_at > $2), 0)::bigint,
                   EXISTS (SELECT 1 FROM identity.users WHERE id = $1 AND blocked_at IS NOT NULL)
            FROM wallet.loyalty_entries
            WHERE buyer_id = $1
            """);
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(windowStart);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new LoyaltySummary(reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
    }

    /// <summary>Up to <paramref name="limit"/> of the buyer's entries older than entry <paramref name="before"/>, newest first.</summary>
    public async Task<LoyaltyHistoryPage> HistoryAsync(long buyerId, int limit, long before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT entry_id, order_id, kind, points, created_at
            FROM wallet.loyalty_entries
            WHERE buyer_id = $1 AND entry_id < $2
            ORDER BY entry_id DESC
            LIMIT $3
            """);
        command.Parameters.AddWithValue(buyerId);
        command.Parameters.AddWithValue(before);
        command.Parameters.AddWithValue(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LoyaltyEntryView>(limit);
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entries.Count == limit)
            {
                more = true;
                break;
            }

            var kind = reader.GetString(2);
            entries.Add(new LoyaltyEntryView(
                reader.GetInt64(0),
                reader.GetGuid(1),
                kind,
                LoyaltyKinds.BalanceEffect(LoyaltyKinds.Parse(kind), reader.GetInt64(3)),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return new LoyaltyHistoryPage(entries, more ? entries[^1].EntryId : null);
    }
}
