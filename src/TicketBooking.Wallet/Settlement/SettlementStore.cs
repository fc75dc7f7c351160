using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Wallet.Loyalty;

namespace TicketBooking.Wallet.Settlement;

/// <summary>
/// Settles a batch in one PostgreSQL transaction: locks the buyers' accounts, reads what the ledger
/// knows about the orders, plans (<see cref="SettlementPlan"/>), and writes the debits, balances,
/// outcomes, refunds and dead letters; and parks, in a transaction of its own, an order that could
/// not be settled. A concurrent settlement of the same order (another instance, a redelivery)
/// either waits on the account locks and then sees the recorded outcome, refund or dead letter, or
/// hits a unique key and rolls back, to be tried again. Loyalty entries are written in the same transaction,
/// stamped with <see cref="TimeProvider"/>'s time (the levels' window counts by it).
/// </summary>
public sealed class SettlementStore(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<WalletOptions> options)
{
    private readonly EarnRate _earnRate = options.Value.Loyalty.Rate;

    public async Task<SettlementPlan> SettleAsync(SettlementWork work, string currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ledger = await ReadLockedAsync(connection, transaction, work, cancellationToken).ConfigureAwait(false);
        var plan = SettlementPlan.Create(work, ledger, currency, _earnRate);
        await WriteAsync(connection, transaction, plan, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return plan;
    }

    /// <summary>Records an order that cannot be settled, on its own; false when it was parked before.</summary>
    public async Task<bool> ParkAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { InsertDeadLetters([deadLetter], onConflictDoNothing: true) } };
        return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<LedgerState> ReadLockedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SettlementWork work, CancellationToken cancellationToken)
    {
        var buyers = work.Holds.Select(hold => hold.BuyerId).Concat(work.Refunds.Select(refund => refund.BuyerId)).Distinct().ToArray();
        var refundOrders = work.Refunds.Select(refund => refund.OrderId).ToArray();
        var confirmedOrders = work.Confirmations.Select(confirmation => confirmation.OrderId).ToArray();
        var allOrders = work.Holds.Select(hold => hold.OrderId).Concat(confirmedOrders).Concat(refundOrders).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // In buyer order, so that two settlements lock their common accounts in the same order.
                new NpgsqlBatchCommand("SELECT buyer_id, currency, balance FROM wallet.accounts WHERE buyer_id = ANY($1) ORDER BY buyer_id FOR UPDATE")
                {
                    Parameters = { new() { Value = buyers } },
                },
                new NpgsqlBatchCommand("SELECT order_id, session_id, buyer_id, amount, reason FROM wallet.payments WHERE order_id = ANY($1)")
                {
                    Parameters = { new() { Value = work.Holds.Select(hold => hold.OrderId).Concat(confirmedOrders).ToArray() } },
                },
                new NpgsqlBatchCommand("SELECT order_id, kind, buyer_id, session_id, amount FROM wallet.ledger WHERE kind IN ('debit', 'refund') AND order_id = ANY($1)")
                {
                    Parameters = { new() { Value = refundOrders } },
                },
                new NpgsqlBatchCommand("SELECT order_id, kind FROM wallet.settlement_dead_letters WHERE order_id = ANY($1)")
                {
                    Parameters = { new() { Value = allOrders } },
                },
                new NpgsqlBatchCommand(
                    """
                    SELECT buyer_id, SUM(CASE WHEN kind IN ('earn', 'spend_return') THEN points ELSE -points END)::bigint
                    FROM wallet.loyalty_entries WHERE buyer_id = ANY($1) GROUP BY buyer_id
                    """)
                {
                    Parameters = { new() { Value = buyers } },
                },
                new NpgsqlBatchCommand("SELECT order_id, session_id, buyer_id, kind, points, rate_points, rate_minor_units FROM wallet.loyalty_entries WHERE order_id = ANY($1)")
                {
                    Parameters = { new() { Value = allOrders } },
                },

                // Read in the transaction rather than from the block list in memory, so that a block committed before is always seen.
                new NpgsqlBatchCommand("SELECT id FROM identity.users WHERE id = ANY($1) AND blocked_at IS NOT NULL")
                {
                    Parameters = { new() { Value = buyers } },
                },
            },
        };
        var accounts = new Dictionary<long, AccountBalance>();
        var outcomes = new Dictionary<Guid, PaymentOutcome>();
        var debits = new Dictionary<Guid, RecordedDebit>();
        var refunds = new HashSet<Guid>();
        var deadLetters = new HashSet<(Guid, DeadLetterKind)>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts[reader.GetInt64(0)] = new AccountBalance(reader.GetString(1), reader.GetInt64(2));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var orderId = reader.GetGuid(0);
            outcomes[orderId] = new PaymentOutcome(orderId, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.GetString(1) == "refund")
            {
                refunds.Add(reader.GetGuid(0));
            }
            else
            {
                debits[reader.GetGuid(0)] = new RecordedDebit(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            deadLetters.Add((reader.GetGuid(0), DeadLetter.ParseKind(reader.GetString(1))));
        }

        var pointBalances = new Dictionary<long, long>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pointBalances[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        var entries = new Dictionary<(Guid, LoyaltyKind), LoyaltyEntry>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kind = LoyaltyKinds.Parse(reader.GetString(3));
            var rate = reader.IsDBNull(5) ? null : new EarnRate(reader.GetInt64(5), reader.GetInt64(6));
            entries[(reader.GetGuid(0), kind)] = new LoyaltyEntry(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), kind, reader.GetInt64(4), rate);
        }

        var blocked = new HashSet<long>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            blocked.Add(reader.GetInt64(0));
        }

        return new LedgerState(outcomes, accounts, debits, refunds, deadLetters, new LoyaltyLedger(pointBalances, blocked, entries));
    }

    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SettlementPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        NpgsqlBatchCommand? debitBalances = null;
        var debitTotals = plan.DebitTotals;
        if (plan.Debits.Count > 0)
        {
            batch.BatchCommands.Add(InsertEntries("debit", plan.Debits));

            // The guard never bites while the accounts are locked; if it did, the row count below rolls back.
            debitBalances = new NpgsqlBatchCommand(
                """
                UPDATE wallet.accounts AS a SET balance = a.balance - d.total
                FROM unnest($1::bigint[], $2::bigint[]) AS d (buyer_id, total)
                WHERE a.buyer_id = d.buyer_id AND a.balance >= d.total
                """)
            {
                Parameters = { new() { Value = debitTotals.Keys.ToArray() }, new() { Value = debitTotals.Values.ToArray() } },
            };
            batch.BatchCommands.Add(debitBalances);
        }

        if (plan.NewOutcomes.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO wallet.payments (order_id, session_id, buyer_id, amount, outcome, reason)
                SELECT o.order_id, o.session_id, o.buyer_id, o.amount, CASE WHEN o.reason IS NULL THEN 'succeeded' ELSE 'failed' END, o.reason
                FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[]) AS o (order_id, session_id, buyer_id, amount, reason)
                """)
            {
                Parameters =
                {
                    new() { Value = plan.NewOutcomes.Select(outcome => outcome.OrderId).ToArray() },
                    new() { Value = plan.NewOutcomes.Select(outcome => outcome.SessionId).ToArray() },
                    new() { Value = plan.NewOutcomes.Select(outcome => outcome.BuyerId).ToArray() },
                    new() { Value = plan.NewOutcomes.Select(outcome => outcome.Amount).ToArray() },
                    new() { Value = plan.NewOutcomes.Select(outcome => outcome.FailureReason).ToArray() },
                },
            });
        }

        NpgsqlBatchCommand? refundBalances = null;
        var refundTotals = plan.RefundTotals;
        if (plan.Refunds.Count > 0)
        {
            batch.BatchCommands.Add(InsertEntries("refund", plan.Refunds));

            // The plan parks a refund that would overflow; should one slip through, the guard leaves the row and the count below rolls back.
            refundBalances = new NpgsqlBatchCommand(
                """
                UPDATE wallet.accounts AS a SET balance = a.balance + c.total
                FROM unnest($1::bigint[], $2::bigint[]) AS c (buyer_id, total)
                WHERE a.buyer_id = c.buyer_id AND a.balance <= 9223372036854775807 - c.total
                """)
            {
                Parameters = { new() { Value = refundTotals.Keys.ToArray() }, new() { Value = refundTotals.Values.ToArray() } },
            };
            batch.BatchCommands.Add(refundBalances);
        }

        if (plan.DeadLetters.Count > 0)
        {
            batch.BatchCommands.Add(InsertDeadLetters(plan.DeadLetters, onConflictDoNothing: false));
        }

        if (plan.LoyaltyEntries.Count > 0)
        {
            batch.BatchCommands.Add(InsertLoyaltyEntries(plan.LoyaltyEntries, now));
        }

        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (debitBalances is not null && debitBalances.RecordsAffected != debitTotals.Count)
        {
            throw new SettlementConflictException("A debit would have made a balance negative although its account was locked; the batch is rolled back.");
        }

        if (refundBalances is not null && refundBalances.RecordsAffected != refundTotals.Count)
        {
            throw new SettlementConflictException("A refund would have taken a balance past the maximum although its account was locked; the batch is rolled back.");
        }
    }

    private static NpgsqlBatchCommand InsertEntries(string kind, IReadOnlyList<OrderEntry> entries) =>
        new(
            $"""
            INSERT INTO wallet.ledger (buyer_id, kind, amount, order_id, session_id)
            SELECT e.buyer_id, '{kind}', e.amount, e.order_id, e.session_id
            FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::bigint[]) AS e (buyer_id, amount, order_id, session_id)
            """)
        {
            Parameters =
            {
                new() { Value = entries.Select(entry => entry.BuyerId).ToArray() },
                new() { Value = entries.Select(entry => entry.Amount).ToArray() },
                new() { Value = entries.Select(entry => entry.OrderId).ToArray() },
                new() { Value = entries.Select(entry => entry.SessionId).ToArray() },
            },
        };

    private static NpgsqlBatchCommand InsertLoyaltyEntries(IReadOnlyList<LoyaltyEntry> entries, DateTimeOffset now) =>
        new(
            """
            INSERT INTO wallet.loyalty_entries (buyer_id, order_id, session_id, kind, points, rate_points, rate_minor_units, created_at)
            SELECT e.buyer_id, e.order_id, e.session_id, e.kind, e.points, e.rate_points, e.rate_minor_units, $8
            FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[])
                AS e (buyer_id, order_id, session_id, kind, points, rate_points, rate_minor_units)
            """)
        {
            Parameters =
            {
                new() { Value = entries.Select(entry => entry.BuyerId).ToArray() },
                new() { Value = entries.Select(entry => entry.OrderId).ToArray() },
                new() { Value = entries.Select(entry => entry.SessionId).ToArray() },
                new() { Value = entries.Select(entry => LoyaltyKinds.Name(entry.Kind)).ToArray() },
                new() { Value = entries.Select(entry => entry.Points).ToArray() },
                new() { Value = entries.Select(entry => entry.Rate?.Points).ToArray() },
                new() { Value = entries.Select(entry => entry.Rate?.PerMinorUnits).ToArray() },
                new() { Value = now },
            },
        };

    private static NpgsqlBatchCommand InsertDeadLetters(IReadOnlyList<DeadLetter> deadLetters, bool onConflictDoNothing) =>
        new(
            $"""
            INSERT INTO wallet.settlement_dead_letters (order_id, kind, buyer_id, session_id, amount, reason, error)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])
            {(onConflictDoNothing ? "ON CONFLICT (order_id, kind) DO NOTHING" : string.Empty)}
            """)
        {
            Parameters =
            {
                new() { Value = deadLetters.Select(letter => letter.OrderId).ToArray() },
                new() { Value = deadLetters.Select(letter => letter.KindName).ToArray() },
                new() { Value = deadLetters.Select(letter => letter.BuyerId).ToArray() },
                new() { Value = deadLetters.Select(letter => letter.SessionId).ToArray() },
                new() { Value = deadLetters.Select(letter => letter.Amount).ToArray() },
                new() { Value = deadLetters.Select(letter => letter.Reason).ToArray() },
                new() { Value = deadLetters.Select(letter => letter.Error).ToArray() },
            },
        };
}
