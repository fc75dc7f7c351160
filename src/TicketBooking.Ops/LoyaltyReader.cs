using Npgsql;
using TicketBooking.Audit;

namespace TicketBooking.Ops;

/// <summary>
/// Reads what the wallet publishes for the loyalty audit, the view <c>wallet.audit_loyalty</c> (never its tables), in
/// one repeatable-read transaction.
/// </summary>
public sealed class LoyaltyReader(NpgsqlDataSource dataSource)
{
    /// <param name="buyers">Only these buyers' entries; null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<LoyaltyMovement>> ReadAsync(BuyerRange? buyers, CancellationToken cancellationToken)
    {
        var (first, last) = buyers is { } range ? (range.First, range.Last) : (long.MinValue, long.MaxValue);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT order_id, buyer_id, kind, points, rate_points, rate_minor_units FROM wallet.audit_loyalty WHERE buyer_id BETWEEN $1 AND $2",
            connection,
            transaction) { Parameters = { new() { Value = first }, new() { Value = last } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<LoyaltyMovement>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kindName = reader.GetString(2);
            var kind = LoyaltyAuditor.ParseKind(kindName) ?? throw new InvalidDataException($"wallet.audit_loyalty has an entry of kind '{kindName}', which this tb-ops does not know.");
            entries.Add(new LoyaltyMovement(
                reader.GetGuid(0),
                reader.GetInt64(1),
                kind,
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return entries;
    }
}
