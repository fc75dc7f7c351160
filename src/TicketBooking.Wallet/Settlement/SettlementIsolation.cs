using Npgsql;

namespace TicketBooking.Wallet.Settlement;

/// <summary>
/// Settles a batch's work so that no single order can hold up the others. The work is settled in one
/// transaction; when that fails in a way that trying again will not cure, it is split in halves, each
/// settled in a transaction of its own, down to single orders, and an order that still fails alone is
/// parked as a dead letter (<see cref="SettlementStore.ParkAsync"/>). A failure that may pass
/// (PostgreSQL away, a timeout) is thrown, so that the whole batch is delivered again.
/// </summary>
internal sealed class SettlementIsolation(SettlementStore store, string currency, ILogger logger)
{
    /// <summary>The settled parts' plans, in the order of the work.</summary>
    /// <param name="work">The orders of one fetched batch.</param>
    /// <param name="redeliveredTooOften">
    /// The batch has failed too often already: then a conflict or a refused statement counts as a failure
    /// that will not pass, so that the order behind it is parked instead of blocking the batch for ever.
    /// </param>
    /// <param name="cancellationToken">Stops settling.</param>
    public async Task<IReadOnlyList<SettlementPlan>> SettleAsync(SettlementWork work, bool redeliveredTooOften, CancellationToken cancellationToken)
    {
        var plans = new List<SettlementPlan>();
        await SettleOrSplitAsync(work, redeliveredTooOften, plans, cancellationToken).ConfigureAwait(false);
        return plans;
    }

    private static bool WillNotPass(Exception exception, bool redeliveredTooOften) => exception switch
    {
        OverflowException => true,

        // A unique key hit is another instance settling the same order: the next try finds its result.
        PostgresException { IsTransient: false, SqlState: not PostgresErrorCodes.UniqueViolation } => true,
        PostgresException { IsTransient: false } or SettlementConflictException => redeliveredTooOften,
        _ => false,
    };

    private static DeadLetter DeadLetterOf(SettlementWork order, Exception exception)
    {
        var reason = $"settling it failed: {exception.Message}";
        if (order.Holds is [var hold])
        {
            return new DeadLetter(hold.OrderId, DeadLetterKind.Payment, hold.SessionId, hold.BuyerId, hold.Amount, reason, exception.ToString());
        }

        if (order.Refunds is [var refund])
        {
            return new DeadLetter(refund.OrderId, DeadLetterKind.Refund, refund.SessionId, refund.BuyerId, refund.Amount, reason, exception.ToString());
        }

        // A confirmation names no buyer or amount; the payment the earning comes from does.
        var confirmation = order.Confirmations[0];
        return new DeadLetter(confirmation.OrderId, DeadLetterKind.Earn, confirmation.SessionId, 0, 0, reason, exception.ToString());
    }

    private async Task SettleOrSplitAsync(SettlementWork work, bool redeliveredTooOften, List<SettlementPlan> plans, CancellationToken cancellationToken)
    {
        try
        {
            plans.Add(await store.SettleAsync(work, currency, cancellationToken).ConfigureAwait(false));
            return;
        }
        catch (Exception e) when (work.Count == 1 && WillNotPass(e, redeliveredTooOften))
        {
            await ParkAsync(DeadLetterOf(work, e), e, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (WillNotPass(e, redeliveredTooOften))
        {
            logger.LogWarning(e, "Settling {Orders} orders together failed; settling them in halves to find the order behind it", work.Count);
        }

        var (first, second) = work.Halves();
        await SettleOrSplitAsync(first, redeliveredTooOften, plans, cancellationToken).ConfigureAwait(false);
        await SettleOrSplitAsync(second, redeliveredTooOften, plans, cancellationToken).ConfigureAwait(false);
    }

    private async Task ParkAsync(DeadLetter deadLetter, Exception exception, CancellationToken cancellationToken)
    {
        if (!await store.ParkAsync(deadLetter, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        WalletMetrics.SettlementDeadLetters.Add(1, new KeyValuePair<string, object?>("kind", deadLetter.KindName));
        logger.LogError(
            exception,
            "Parked the {Kind} of order {OrderId} (buyer {BuyerId}, {Amount}) as a dead letter: it cannot be settled; nothing was debited or credited for it",
            deadLetter.KindName,
            deadLetter.OrderId,
            deadLetter.BuyerId,
            deadLetter.Amount);
    }
}
