using Npgsql;

namespace TicketBooking.Projections.Orders;

/// <summary>Reads single orders from <c>projections.orders</c>, for any process; only the projections worker writes there.</summary>
public sealed class OrderProjectionReader(NpgsqlDataSource dataSource)
{
    /// <summary>The order as the projection has it, or null when it has no row.</summary>
    public async Task<ProjectedOrder?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT session_id, buyer_id, status, seats, amount, hold_deadline, first_ticket_number, reject_reason FROM projections.orders WHERE order_id = $1");
        command.Parameters.AddWithValue(orderId);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The worker has not created the schema yet on this database, so it has projected nothing.
            return null;
        }

        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new ProjectedOrder(
                orderId,
                reader.GetInt64(0),
                reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                StatusColumn.Read(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<int[]>(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(5)).ToUnixTimeMilliseconds(),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
        }
    }
}
