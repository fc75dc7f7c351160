using Npgsql;

namespace TicketBooking.Conventional;

/// <summary>
/// The body of <c>POST /api/admin/sessions</c>: <see cref="Count"/> sessions with consecutive ids from
/// <see cref="FirstId"/>, each <see cref="Rows"/> x <see cref="SeatsPerRow"/> seats, seat ids row-major from 0
/// as in the ingress. <see cref="RowCategories"/> gives each row's category; by default the first half of
/// the rows is category 0 and the rest category 1 (as the load tool's halls).
/// </summary>
public sealed record SessionsRequest(long FirstId, int Count, int Rows, int SeatsPerRow, int[]? RowCategories)
{
    public const int MaxSeatsPerSession = 100_000;

    public int[] CategoriesByRow() =>
        RowCategories ?? [.. Enumerable.Range(0, Rows).Select(row => row < (Rows + 1) / 2 ? 0 : 1)];

    public string? Invalid() =>
        FirstId < 1 || Count is < 1 or > 10_000 ? "firstId is positive and count 1 to 10000."
        : Rows < 1 || SeatsPerRow < 1 || (long)Rows * SeatsPerRow > MaxSeatsPerSession ? $"rows and seatsPerRow are positive, at most {MaxSeatsPerSession} seats a session."
        : RowCategories is { } categories && (categories.Length != Rows || categories.Any(category => category < 0)) ? "rowCategories has one category (0 or more) per row."
        : null;
}

/// <summary>Creates sessions and their seats in one transaction.</summary>
public sealed class SessionAdmin(NpgsqlDataSource dataSource)
{
    private const string InsertSessions = """
        INSERT INTO sessions (id, rows, seats_per_row)
        SELECT id, $3, $4 FROM generate_series($1::bigint, $1::bigint + $2 - 1) AS id
        ON CONFLICT (id) DO NOTHING
        """;

    private const string InsertSeats = """
        INSERT INTO seats (session_id, seat_id, row, category)
        SELECT session.id, seat, seat / $4, ($5::int[])[seat / $4 + 1]
        FROM generate_series($1::bigint, $1::bigint + $2 - 1) AS session (id)
        CROSS JOIN generate_series(0, $3 * $4 - 1) AS seat
        """;

    /// <summary>False when one of the ids exists already (then nothing is created).</summary>
    public async Task<bool> CreateAsync(SessionsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var sessions = new NpgsqlCommand(InsertSessions, connection, transaction);
            AddParameters(sessions, request);
            if (await sessions.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != request.Count)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            await using var seats = new NpgsqlCommand(InsertSeats, connection, transaction);
            AddParameters(seats, request);
            seats.Parameters.Add(new NpgsqlParameter { Value = request.CategoriesByRow() });
            await seats.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Before the sale, not during it: fresh statistics (index plans from the first order) and the new rows
        // marked all-visible, which autovacuum would otherwise do (and each first reader half do) under load.
        await using var analyze = new NpgsqlCommand("VACUUM (ANALYZE) seats", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static void AddParameters(NpgsqlCommand command, SessionsRequest request)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = request.FirstId });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Rows });
        command.Parameters.Add(new NpgsqlParameter { Value = request.SeatsPerRow });
    }
}
