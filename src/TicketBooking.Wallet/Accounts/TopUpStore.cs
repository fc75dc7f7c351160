using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TicketBooking.Wallet.Accounts;

/// <summary>
/// Credits top-ups once per <see cref="CreditSource"/>: a provider's payment id, or an admin's Idempotency-Key.
/// The account's row lock serializes a buyer's top-ups, so a retry racing its original finds the original's
/// entry; a payment id already credited to another buyer is refused by the unique source.
/// </summary>
public sealed class TopUpStore(NpgsqlDataSource dataSource, IOptions<WalletOptions> options)
{
    private const string UniqueViolation = "23505";

    public async Task<TopUpResult> TopUpAsync(long buyerId, CreditSource source, long amount, string currency, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentNullException.ThrowIfNull(source);
        var requestId = source.RequestId;
        var requestHash = Fingerprint(buyerId, amount, currency, source);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        string accountCurrency;
        long balance;
        await using (var account = new NpgsqlCommand("SELECT currency, balance FROM wallet.accounts WHERE buyer_id = $1 FOR UPDATE", connection, transaction))
        {
            account.Parameters.AddWithValue(buyerId);
            await using var reader = await account.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new TopUpResult(TopUpStatus.NoAccount);
            }

            accountCurrency = reader.GetString(0);
            balance = reader.GetInt64(1);
        }

        await using (var earlier = new NpgsqlCommand(
            """
            SELECT entry_id, kind, amount, order_id, session_id, created_at, request_hash
            FROM wallet.ledger
            WHERE buyer_id = $1 AND request_id = $2
            """,
            connection,
            transaction))
        {
            earlier.Parameters.AddWithValue(buyerId);
            earlier.Parameters.AddWithValue(requestId);
            await using var reader = await earlier.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return reader.GetFieldValue<byte[]>(6).AsSpan().SequenceEqual(requestHash)
                    ? new TopUpResult(TopUpStatus.Replayed, new TopUpReceipt(AccountStore.ReadEntry(reader), accountCurrency, balance))
                    : new TopUpResult(TopUpStatus.KeyReused);
            }
        }

        if (currency != accountCurrency)
        {
            return new TopUpResult(TopUpStatus.WrongCurrency, AccountCurrency: accountCurrency);
        }

        if (amount > options.Value.MaxBalance - balance)
        {
            return new TopUpResult(TopUpStatus.BalanceLimit, AccountCurrency: accountCurrency);
        }

        await using var credit = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    """
                    INSERT INTO wallet.ledger (buyer_id, kind, amount, request_id, request_hash)
                    VALUES ($1, 'top_up', $2, $3, $4)
                    RETURNING entry_id, kind, amount, order_id, session_id, created_at
                    """)
                {
                    Parameters = { new() { Value = buyerId }, new() { Value = amount }, new() { Value = requestId }, new() { Value = requestHash } },
                },
                new NpgsqlBatchCommand("UPDATE wallet.accounts SET balance = balance + $2 WHERE buyer_id = $1 RETURNING balance")
                {
                    Parameters = { new() { Value = buyerId }, new() { Value = amount } },
                },
                new NpgsqlBatchCommand(
                    """
                    INSERT INTO wallet.credit_sources (entry_id, source, external_id, admin_id, reason)
                    VALUES (currval(pg_get_serial_sequence('wallet.ledger', 'entry_id')), $1, $2, $3, $4)
                    """)
                {
                    Parameters =
                    {
                        new() { Value = source.Source },
                        new() { Value = source.ExternalId },
                        new() { Value = (object?)source.AdminId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint },
                        new() { Value = (object?)source.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                    },
                },
            },
        };
        LedgerEntryView entry;
        try
        {
            await using var reader = await credit.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            entry = AccountStore.ReadEntry(reader);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            balance = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "credit_sources_source_external_id_key")
        {
            return new TopUpResult(TopUpStatus.KeyReused);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TopUpResult(TopUpStatus.Created, new TopUpReceipt(entry, accountCurrency, balance));
    }

    /// <summary>What a top-up asked for, so that a replay of its key can be told from a different request.</summary>
    private static byte[] Fingerprint(long buyerId, long amount, string currency, CreditSource source) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{buyerId}:{amount}:{currency}:{source.Reason}")));
}
