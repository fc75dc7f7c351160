using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBooking.Identity.Tokens;

/// <summary>
/// Refresh tokens: 32 random bytes (base64url) given to the client once, kept as their SHA-256. Each use
/// rotates the token; presenting a used one again revokes its whole family.
/// </summary>
public sealed class RefreshTokenStore(NpgsqlDataSource dataSource, IOptions<IdentityOptions> options, TimeProvider time)
{
    public async Task<string> IssueAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await InsertAsync(connection, null, userId, Guid.NewGuid(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Spends <paramref name="token"/> and gives its successor, with the user's current roles.</summary>
    public async Task<RefreshResult> RedeemAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long userId;
        Guid family;
        string[] roles;
        await using (var find = new NpgsqlCommand(
            """
            SELECT t.user_id, t.family_id, t.used_at IS NOT NULL, t.revoked_at IS NOT NULL OR t.expires_at <= $2, u.blocked_at IS NOT NULL, u.roles
            FROM identity.refresh_tokens t JOIN identity.users u ON u.id = t.user_id
            WHERE t.token_hash = $1
            FOR UPDATE OF t
            """,
            connection,
            transaction))
        {
            find.Parameters.AddWithValue(HashOf(token));
            find.Parameters.AddWithValue(time.GetUtcNow().UtcDateTime);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetBoolean(3))
            {
                return RefreshResult.Invalid;
            }

            userId = reader.GetInt64(0);
            family = reader.GetGuid(1);
            if (reader.GetBoolean(2))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                await RevokeFamilyAsync(connection, transaction, family, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return RefreshResult.Reused;
            }

            if (reader.GetBoolean(4))
            {
                return RefreshResult.Blocked;
            }

            roles = reader.GetFieldValue<string[]>(5);
        }

        await using (var spend = new NpgsqlCommand("UPDATE identity.refresh_tokens SET used_at = now() WHERE token_hash = $1", connection, transaction))
        {
            spend.Parameters.AddWithValue(HashOf(token));
            await spend.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var next = await InsertAsync(connection, transaction, userId, family, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RefreshResult(RefreshStatus.Rotated, userId, roles, next);
    }

    /// <summary>Signs out: the token's family can no longer be used. Unknown tokens are ignored.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE identity.refresh_tokens SET revoked_at = now() WHERE family_id = (SELECT family_id FROM identity.refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL");
        command.Parameters.AddWithValue(HashOf(token));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task RevokeFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid family, CancellationToken cancellationToken)
    {
        await using var revoke = new NpgsqlCommand("UPDATE identity.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL", connection, transaction);
        revoke.Parameters.AddWithValue(family);
        await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long userId, Guid family, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var insert = new NpgsqlCommand("INSERT INTO identity.refresh_tokens (token_hash, user_id, family_id, expires_at) VALUES ($1, $2, $3, $4)", connection, transaction);
        insert.Parameters.AddWithValue(HashOf(token));
        insert.Parameters.AddWithValue(userId);
        insert.Parameters.AddWithValue(family);
        insert.Parameters.AddWithValue((time.GetUtcNow() + options.Value.RefreshTokenLifetime).UtcDateTime);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }

    private static byte[] HashOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public enum RefreshStatus
{
    Rotated,
    Invalid,
    Reused,
    Blocked,
}

/// <summary>What redeeming a refresh token gave: on <see cref="RefreshStatus.Rotated"/>, the user, its roles and the next refresh token.</summary>
public sealed record RefreshResult(RefreshStatus Status, long UserId = 0, IReadOnlyList<string>? Roles = null, string? NextToken = null)
{
    public static RefreshResult Invalid { get; } = new(RefreshStatus.Invalid);

    public static RefreshResult Reused { get; } = new(RefreshStatus.Reused);

    public static RefreshResult Blocked { get; } = new(RefreshStatus.Blocked);
}
