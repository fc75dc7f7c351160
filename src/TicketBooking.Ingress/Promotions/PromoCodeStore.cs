using Npgsql;
using NpgsqlTypes;
using TicketBooking.Engine.Promotions;

namespace TicketBooking.Ingress.Promotions;

/// <summary><c>catalog.promo_codes</c>, and the facts about sessions that scoping a code needs.</summary>
public sealed class PromoCodeStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, code, owner_id, kind, value, valid_from, valid_until, max_uses, max_uses_per_buyer, event_id, session_ids, categories, state, created_at";

    /// <summary>Stores a pending code and returns it with its id; null when its text is taken (nothing changes then).</summary>
    public async Task<StoredPromoCode?> TryInsertAsync(StoredPromoCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO catalog.promo_codes (code, owner_id, kind, value, valid_from, valid_until, max_uses, max_uses_per_buyer, event_id, session_ids, categories)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (code) DO NOTHING
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue(code.Code);
        command.Parameters.AddWithValue(code.OwnerId);
        command.Parameters.AddWithValue(code.Kind == PromoKind.Percent ? PromoCodeRequest.Percent : PromoCodeRequest.Fixed);
        command.Parameters.AddWithValue(code.Value);
        command.Parameters.AddWithValue(code.ValidFrom.UtcDateTime);
        command.Parameters.AddWithValue(code.ValidUntil.UtcDateTime);
        command.Parameters.AddWithValue(code.MaxUses);
        command.Parameters.AddWithValue(code.MaxUsesPerBuyer);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)code.EventId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(code.SessionIds);
        command.Parameters.AddWithValue(code.Categories);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<StoredPromoCode?> FindByCodeAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.promo_codes WHERE code = $1");
        command.Parameters.AddWithValue(code);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<StoredPromoCode?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM catalog.promo_codes WHERE id = $1");
        command.Parameters.AddWithValue(id);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Codes by id after <paramref name="afterId"/>, of <paramref name="ownerId"/> (null: everyone's), at most <paramref name="count"/>.</summary>
    public async Task<List<StoredPromoCode>> ListAsync(long? ownerId, long afterId, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM catalog.promo_codes WHERE id > $1 AND ($2::bigint IS NULL OR owner_id = $2) ORDER BY id LIMIT $3");
        command.Parameters.AddWithValue(afterId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)ownerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(count);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every partition acknowledged the code's definitions.</summary>
    public async Task MarkDefinedAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE catalog.promo_codes SET state = 'defined' WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sessions named, or those of <paramref name="eventId"/>, with their owner, event and number of categories.</summary>
    public async Task<List<ScopedSession>> SessionsAsync(long[]? sessionIds, long? eventId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, owner_id, event_id, cardinality(category_prices), on_sale FROM catalog.sessions
            WHERE ($1::bigint[] IS NOT NULL AND id = ANY($1)) OR ($2::bigint IS NOT NULL AND event_id = $2)
            ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)sessionIds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)eventId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<ScopedSession>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(new ScopedSession(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetInt32(3),
                reader.GetBoolean(4)));
        }

        return sessions;
    }

    private static async Task<List<StoredPromoCode>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var codes = new List<StoredPromoCode>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            codes.Add(new StoredPromoCode(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3) == PromoCodeRequest.Percent ? PromoKind.Percent : PromoKind.Fixed,
                reader.GetInt64(4),
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                reader.GetInt64(7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.GetFieldValue<long[]>(10),
                reader.GetFieldValue<int[]>(11),
                reader.GetString(12) == StoredPromoCode.Defined)
            {
                CreatedAt = new DateTimeOffset(reader.GetDateTime(13), TimeSpan.Zero),
            });
        }

        return codes;
    }
}

/// <summary>A session a code may be scoped to: whose it is, its event, how many categories it prices, and whether it is on sale (open in the engine).</summary>
public sealed record ScopedSession(long Id, long? OwnerId, long? EventId, int CategoryCount, bool OnSale);

/// <summary>A row of <c>catalog.promo_codes</c>; <see cref="IsDefined"/> once every partition acknowledged it.</summary>
public sealed record StoredPromoCode(
    long Id,
    string Code,
    long OwnerId,
    PromoKind Kind,
    long Value,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    long MaxUses,
    int MaxUsesPerBuyer,
    long? EventId,
    long[] SessionIds,
    int[] Categories,
    bool IsDefined)
{
    public const string Defined = "defined";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The whole code as the engine knows it, before <see cref="PromoCodeDefinitions.Split"/> gives each partition its part.</summary>
    public PromoCodeTerms ToTerms() =>
        new(Id, Code, Kind, Value, ValidFrom.ToUnixTimeMilliseconds(), ValidUntil.ToUnixTimeMilliseconds(), MaxUses, MaxUsesPerBuyer, SessionIds, Categories);

    /// <summary>Whether the same code was asked for (the id, state and creation time aside).</summary>
    public bool SameTermsAs(StoredPromoCode other) =>
        other is not null && Code == other.Code && OwnerId == other.OwnerId && Kind == other.Kind && Value == other.Value
        && ValidFrom == other.ValidFrom && ValidUntil == other.ValidUntil && MaxUses == other.MaxUses && MaxUsesPerBuyer == other.MaxUsesPerBuyer
        && EventId == other.EventId && SessionIds.SequenceEqual(other.SessionIds) && Categories.SequenceEqual(other.Categories);
}
