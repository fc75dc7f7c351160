using Npgsql;

namespace TicketBooking.Identity.Users;

/// <summary>Users in schema <c>identity</c>: registration, look-ups, roles and blocks.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource, IEnumerable<IRegistrationHook> hooks)
{
    private const string Columns = "id, name, email, roles, blocked_at, blocked_reason, created_at";
    private const string UniqueViolation = "23505";

    /// <summary>Creates the user and runs every <see cref="IRegistrationHook"/> in one transaction; null when the e-mail is taken.</summary>
    public async Task<UserAccount?> RegisterAsync(string name, string email, string normalizedEmail, string passwordHash, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        UserAccount user;
        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO identity.users (name, email, email_normalized, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (email_normalized) DO NOTHING
            RETURNING {Columns}
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(email);
            insert.Parameters.AddWithValue(normalizedEmail);
            insert.Parameters.AddWithValue(passwordHash);
            insert.Parameters.AddWithValue(roles.ToArray());
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            user = Read(reader);
        }

        foreach (var hook in hooks)
        {
            await hook.OnRegisteredAsync(user.Id, connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            return null;
        }

        return user;
    }

    public async Task<StoredCredentials?> FindCredentialsAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, password_hash, roles, blocked_at IS NOT NULL FROM identity.users WHERE email_normalized = $1");
        command.Parameters.AddWithValue(normalizedEmail);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredCredentials(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3))
            : null;
    }

    public async Task<UserAccount?> FindAsync(long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM identity.users WHERE id = $1");
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <summary>Blocks the user (and revokes its refresh tokens), or unblocks it with a null reason; null when there is no such user.</summary>
    public async Task<UserAccount?> SetBlockedAsync(long userId, string? reason, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"""
            UPDATE identity.users
            SET blocked_at = CASE WHEN $2::text IS NULL THEN NULL ELSE coalesce(blocked_at, now()) END, blocked_reason = $2
            WHERE id = $1
            RETURNING {Columns}
            """)
        {
            Parameters = { new() { Value = userId }, new() { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
        });
        if (reason is not null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE identity.refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL")
            {
                Parameters = { new() { Value = userId } },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<UserAccount?> SetRolesAsync(long userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"UPDATE identity.users SET roles = $2 WHERE id = $1 RETURNING {Columns}");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(roles.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<HashSet<long>> BlockedIdsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM identity.users WHERE blocked_at IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static UserAccount Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetFieldValue<string[]>(3),
        reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero));
}
