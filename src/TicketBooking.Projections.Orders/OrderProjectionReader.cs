using Npgsql;
using TicketBooking.Engine.State;

namespace TicketBooking.Projections.Orders;

/// <summary>Reads orders from <c>projections.orders</c>, for any process; only the projections worker writes there.</summary>
public sealed class OrderProjectionReader(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "order_id, session_id, buyer_id, status, seats, amount, hold_deadline, first_ticket_number, reject_reason, hold_extensions";

    // A database the worker has not migrated to 0002 yet has no hold_extensions: its rows read as never extended.
    private const string ColumnsBeforeExtensions =
        "order_id, session_id, buyer_id, status, seats, amount, hold_deadline, first_ticket_number, reject_reason, 0";

    /// <summary>The order as the projection has it, or null when it has no row.</summary>
    public async Task<ProjectedOrder?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(
            columns => $"SELECT {columns} FROM projections.orders WHERE order_id = $1",
            command => command.Parameters.AddWithValue(orderId),
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// The buyer's orders of the session that hold or bought seats (held or confirmed), by the index on
    /// (buyer_id, session_id).
    /// </summary>
    public Task<IReadOnlyList<ProjectedOrder>> SeatHoldingOrdersAsync(long buyerId, long sessionId, CancellationToken cancellationToken) =>
        ReadAsync(
            columns => $"SELECT {columns} FROM projections.orders WHERE buyer_id = $1 AND session_id = $2 AND status IN ('{StatusColumn.Write(OrderStatus.Held)}', '{StatusColumn.Write(OrderStatus.Confirmed)}')",
            command =>
            {
                command.Parameters.AddWithValue(buyerId);
                command.Parameters.AddWithValue(sessionId);
            },
            cancellationToken);

    private async Task<IReadOnlyList<ProjectedOrder>> ReadAsync(Func<string, string> query, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(query(Columns), bind, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            return await ReadAsync(query(ColumnsBeforeExtensions), bind, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The worker has not created the schema yet on this database, so it has projected nothing.
            return [];
        }
    }

    private async Task<IReadOnlyList<ProjectedOrder>> ReadAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var orders = new List<ProjectedOrder>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            orders.Add(new ProjectedOrder(
                reader.GetGuid(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? 0 : reader.GetInt64(2),
                StatusColumn.Read(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<int[]>(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(6)).ToUnixTimeMilliseconds(),
                reader.IsDBNull(7) ? null : reader.GetInt64(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? 0 : reader.GetInt32(9)));
        }

        return orders;
    }
}
