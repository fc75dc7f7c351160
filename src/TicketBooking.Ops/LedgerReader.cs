using System.Numerics;
using Npgsql;
using TicketBooking.Audit;

namespace TicketBooking.Ops;

/// <summary>
/// Reads what the wallet publishes for audits, the views <c>wallet.audit_ledger</c> and <c>wallet.audit_balances</c>
/// (never its tables, which are the wallet's own to change), for the money audit, in one repeatable-read
/// transaction so that the sums and the entries describe the same moment.
/// </summary>
public sealed class LedgerReader(NpgsqlDataSource dataSource)
{
    private const int AccountsShown = 100;

    /// <param name="buyers">Only these buyers' accounts and entries; null for all.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<(IReadOnlyList<LedgerMovement> Movements, LedgerTotals Totals)> ReadAsync(BuyerRange? buyers, CancellationToken cancellationToken)
    {
        var (first, last) = buyers is { } range ? (range.First, range.Last) : (long.MinValue, long.MaxValue);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

        var movements = new List<LedgerMovement>();
        await using (var command = new NpgsqlCommand("SELECT order_id, buyer_id, kind, amount FROM wallet.audit_ledger WHERE order_id IS NOT NULL AND buyer_id BETWEEN $1 AND $2", connection, transaction) { Parameters = { new() { Value = first }, new() { Value = last } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var kind = reader.GetString(2) == "debit" ? LedgerEntryKind.Debit : LedgerEntryKind.Refund;
                movements.Add(new LedgerMovement(reader.GetGuid(0), reader.GetInt64(1), kind, reader.GetInt64(3)));
            }
        }

        Int128 topUps, debits, refunds, balances;

        // Sums of bigints are numeric in PostgreSQL: read whole, since a sum over many accounts may pass the bigint maximum.
        await using (var command = new NpgsqlCommand(
            """
            SELECT COALESCE(SUM(amount) FILTER (WHERE kind = 'top_up'), 0),
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'debit'), 0),
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'refund'), 0),
                   (SELECT COALESCE(SUM(balance), 0) FROM wallet.audit_balances WHERE buyer_id BETWEEN $1 AND $2)
            FROM wallet.audit_ledger
            WHERE buyer_id BETWEEN $1 AND $2
            """,
            connection,
            transaction) { Parameters = { new() { Value = first }, new() { Value = last } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (topUps, debits, refunds, balances) = (Sum(reader, 0), Sum(reader, 1), Sum(reader, 2), Sum(reader, 3));
        }

        var outOfBalance = new List<long>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT a.buyer_id
            FROM wallet.audit_balances a
            LEFT JOIN (
                SELECT buyer_id, SUM(CASE kind WHEN 'debit' THEN -amount ELSE amount END) AS net
                FROM wallet.audit_ledger WHERE buyer_id BETWEEN $1 AND $2 GROUP BY buyer_id
            ) l USING (buyer_id)
            WHERE a.balance <> COALESCE(l.net, 0) AND a.buyer_id BETWEEN $1 AND $2
            ORDER BY a.buyer_id
            LIMIT {AccountsShown}
            """,
            connection,
            transaction) { Parameters = { new() { Value = first }, new() { Value = last } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                outOfBalance.Add(reader.GetInt64(0));
            }
        }

        return (movements, new LedgerTotals(topUps, debits, refunds, balances, outOfBalance));
    }

    private static Int128 Sum(NpgsqlDataReader reader, int ordinal) => (Int128)reader.GetFieldValue<BigInteger>(ordinal);
}
