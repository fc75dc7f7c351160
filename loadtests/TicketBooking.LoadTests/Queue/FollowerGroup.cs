using System.Collections.Concurrent;
using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Queue;

/// <summary>What the followers saw: their long-poll answers, the ones that changed their standing, and the last standing of each.</summary>
/// <param name="Answers">Long-poll answers.</param>
/// <param name="Updates">Answers whose standing differed from the follower's previous one (first answers not counted).</param>
/// <param name="Errors">Failed polls by name.</param>
/// <param name="LastStandings">Each follower's last standing.</param>
/// <param name="Unfinished">Followers never admitted before the run ended.</param>
public sealed record FollowResult(long Answers, RateSeries Updates, IReadOnlyDictionary<string, long> Errors, IReadOnlyDictionary<long, StandingView> LastStandings, int Unfinished);

/// <summary>
/// The followers: each long-polls its standing (<c>?wait=10</c>) until it is admitted or final. Every
/// <see cref="QueueSettings.BuyEvery"/>-th buys once admitted: first without a token, with a malformed one and with the
/// last admitted buyer's (each must be 403), then with its own (must be 202), and follows that order to its outcome.
/// </summary>
internal sealed class FollowerGroup(QueueClient client, QueueSettings settings, PurchaseTally purchases, TimeProvider time)
{
    private const int WaitSeconds = 10;
    private const string MalformedToken = "v1.not-an-admission-token";

    private readonly ConcurrentBag<DateTimeOffset> _updates = [];
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, StandingView> _last = new();
    private long _answers;
    private int _unfinished;
    private volatile AdmittedToken? _lastToken;

    /// <summary>Follows until every follower is done or <paramref name="cancellationToken"/> ends the run.</summary>
    public async Task<FollowResult> RunAsync(CancellationToken cancellationToken)
    {
        var followers = Enumerable.Range(0, settings.Followers).Select(index => FollowAsync(index, cancellationToken));
        await Task.WhenAll(followers).ConfigureAwait(false);
        return new FollowResult(Interlocked.Read(ref _answers), RateSeries.Of(_updates), _errors, _last, _unfinished);
    }

    private async Task FollowAsync(int index, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var userId = settings.VisitorId(index);
        StandingView? previous = null;
        try
        {
            while (true)
            {
                StandingView standing;
                try
                {
                    standing = await client.StandingAsync(userId, WaitSeconds, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is HttpRequestException or QueueCallException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    _errors.AddOrUpdate(error is QueueCallException ? "answer" : TransportErrors.Classify(error, stepCancelled: false), 1, (_, count) => count + 1);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Interlocked.Increment(ref _answers);
                if (previous is not null && standing.DiffersFrom(previous))
                {
                    _updates.Add(time.GetUtcNow());
                }

                previous = standing;
                _last[userId] = standing;
                if (standing.State == StandingView.Admitted && standing.AdmissionToken is { } token)
                {
                    if (settings.Buys(index))
                    {
                        await BuyAsync(userId, token, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                if (standing.State != StandingView.Waiting)
                {
                    Interlocked.Increment(ref _unfinished);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _unfinished);
        }
    }

    private async Task BuyAsync(long userId, string token, CancellationToken cancellationToken)
    {
        await AttemptAsync(PurchaseAttempt.NoToken, userId, null, cancellationToken).ConfigureAwait(false);
        await AttemptAsync(PurchaseAttempt.MalformedToken, userId, MalformedToken, cancellationToken).ConfigureAwait(false);
        if (_lastToken is { } other && other.UserId != userId)
        {
            await AttemptAsync(PurchaseAttempt.OthersToken, userId, other.Token, cancellationToken).ConfigureAwait(false);
        }

        _lastToken = new AdmittedToken(userId, token);
        if (await AttemptAsync(PurchaseAttempt.OwnToken, userId, token, cancellationToken).ConfigureAwait(false) is { } location)
        {
            purchases.RecordOutcome(await client.OrderOutcomeAsync(location, userId, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>One purchase, recorded; the accepted order's location when it was accepted.</summary>
    private async Task<Uri?> AttemptAsync(PurchaseAttempt attempt, long userId, string? token, CancellationToken cancellationToken)
    {
        try
        {
            var (status, problemType, location) = await client.PurchaseAsync(userId, token, cancellationToken).ConfigureAwait(false);
            purchases.Record(attempt, userId, status, problemType);
            return status == 202 ? location : null;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            purchases.Record(attempt, userId, 0, TransportErrors.Classify(error, stepCancelled: false));
            return null;
        }
    }

    private sealed record AdmittedToken(long UserId, string Token);
}
