using Npgsql;
using NpgsqlTypes;

namespace TicketBooking.Conventional;

/// <summary>How an order attempt ended.</summary>
public enum PlaceOutcome
{
    Held,
    Replayed,
    SeatsTaken,
    SoldOut,
    SessionNotFound,
    KeyReused,
}

/// <summary>The outcome and, when held or replayed, the order.</summary>
public sealed record PlaceResult(PlaceOutcome Outcome, OrderView? Order = null);

/// <summary>
/// Places orders the conventional way: one transaction per order that records the order under its
/// (buyer, idempotency key) and takes the seats, committed only when every seat asked for was free.
/// </summary>
public sealed class OrderBook(NpgsqlDataSource dataSource)
{
    private const int DeadlockRetries = 3;

    private const string InsertOrder = """
        INSERT INTO orders (id, session_id, buyer_id, idempotency_key, request, seats)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
        """;

    // All or nothing: the caller rolls back unless every seat was free.
    private const string HoldExplicit = """
        UPDATE seats SET order_id = $1
        WHERE session_id = $2 AND seat_id = ANY($3) AND order_id IS NULL
        """;

    // SKIP LOCKED lets concurrent buyers of the same category take different seats instead of queueing on one row.
    private const string HoldBest = """
        WITH picked AS (
            SELECT seat_id FROM seats
            WHERE session_id = $2 AND category = $3 AND order_id IS NULL
            ORDER BY row, seat_id
            LIMIT $4
            FOR UPDATE SKIP LOCKED),
        held AS (
            UPDATE seats SET order_id = $1
            FROM picked
            WHERE seats.session_id = $2 AND seats.seat_id = picked.seat_id
            RETURNING seats.seat_id),
        noted AS (
            UPDATE orders SET seats = (SELECT coalesce(array_agg(seat_id ORDER BY seat_id), '{}') FROM held)
            WHERE id = $1)
        SELECT coalesce(array_agg(seat_id ORDER BY seat_id), '{}') FROM held
        """;

    private const string FindByKey = """
        SELECT id, session_id, request, seats FROM orders WHERE buyer_id = $1 AND idempotency_key = $2
        """;

    private const string FindById = "SELECT session_id, seats FROM orders WHERE id = $1 AND buyer_id = $2";

    public async Task<PlaceResult> PlaceAsync(long sessionId, long buyerId, string idempotencyKey, SeatChoice choice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choice);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await TryPlaceAsync(sessionId, buyerId, idempotencyKey, choice, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeadlockRetries)
            {
                // Overlapping explicit seat sets can lock in different orders; the loser simply tries again.
            }
        }
    }

    /// <summary>The buyer's own order; null when there is none (or it is another buyer's).</summary>
    public async Task<OrderView?> FindAsync(Guid orderId, long buyerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FindById);
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        command.Parameters.Add(new NpgsqlParameter { Value = buyerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new OrderView(orderId, reader.GetInt64(0), reader.GetFieldValue<int[]>(1), "held")
            : null;
    }

    private async Task<PlaceResult> TryPlaceAsync(long sessionId, long buyerId, string idempotencyKey, SeatChoice choice, CancellationToken cancellationToken)
    {
        var orderId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        bool inserted;
        try
        {
            await using var insert = new NpgsqlCommand(InsertOrder, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = orderId });
            insert.Parameters.Add(new NpgsqlParameter { Value = sessionId });
            insert.Parameters.Add(new NpgsqlParameter { Value = buyerId });
            insert.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
            insert.Parameters.Add(new NpgsqlParameter { Value = choice.Describe() });
            insert.Parameters.Add(new NpgsqlParameter { Value = choice.Seats ?? [], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return new PlaceResult(PlaceOutcome.SessionNotFound);
        }

        if (!inserted)
        {
            // The key was used before (its transaction committed): answer what was answered then.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return await ReplayAsync(connection, sessionId, buyerId, idempotencyKey, choice, cancellationToken).ConfigureAwait(false);
        }

        var seats = choice.Seats is { } wanted
            ? await HoldExplicitAsync(connection, transaction, orderId, sessionId, wanted, cancellationToken).ConfigureAwait(false)
            : await HoldBestAsync(connection, transaction, orderId, sessionId, choice, cancellationToken).ConfigureAwait(false);
        if (seats is null)
        {
            // Nothing of a rejected attempt is kept: a retry with the same key simply tries again.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new PlaceResult(choice.Seats is null ? PlaceOutcome.SoldOut : PlaceOutcome.SeatsTaken);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PlaceResult(PlaceOutcome.Held, new OrderView(orderId, sessionId, seats, "held"));
    }

    private static async Task<int[]?> HoldExplicitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, long sessionId, int[] wanted, CancellationToken cancellationToken)
    {
        await using var hold = new NpgsqlCommand(HoldExplicit, connection, transaction);
        hold.Parameters.Add(new NpgsqlParameter { Value = orderId });
        hold.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        hold.Parameters.Add(new NpgsqlParameter { Value = wanted, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return await hold.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == wanted.Length ? wanted : null;
    }

    private static async Task<int[]?> HoldBestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, long sessionId, SeatChoice choice, CancellationToken cancellationToken)
    {
        await using var hold = new NpgsqlCommand(HoldBest, connection, transaction);
        hold.Parameters.Add(new NpgsqlParameter { Value = orderId });
        hold.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        hold.Parameters.Add(new NpgsqlParameter { Value = choice.Category });
        hold.Parameters.Add(new NpgsqlParameter { Value = (long)choice.Count });
        var seats = (int[]?)await hold.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? [];
        return seats.Length == choice.Count ? seats : null;
    }

    private static async Task<PlaceResult> ReplayAsync(NpgsqlConnection connection, long sessionId, long buyerId, string idempotencyKey, SeatChoice choice, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(FindByKey, connection);
        find.Parameters.Add(new NpgsqlParameter { Value = buyerId });
        find.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("An order that conflicted on its key is gone; orders are never deleted.");
        }

        var order = new OrderView(reader.GetGuid(0), reader.GetInt64(1), reader.GetFieldValue<int[]>(3), "held");
        return order.SessionId == sessionId && reader.GetString(2) == choice.Describe()
            ? new PlaceResult(PlaceOutcome.Replayed, order)
            : new PlaceResult(PlaceOutcome.KeyReused);
    }
}
