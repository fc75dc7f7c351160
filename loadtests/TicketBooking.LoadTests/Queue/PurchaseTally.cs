using System.Collections.Concurrent;
using System.Globalization;
using TicketBooking.LoadTests.Audit;

namespace TicketBooking.LoadTests.Queue;

/// <summary>How an admitted buyer of the sample tries to buy.</summary>
public enum PurchaseAttempt
{
    /// <summary>With the admission token the queue gave this buyer: must be accepted (202).</summary>
    OwnToken,

    /// <summary>Without an <c>Admission-Token</c> header: must be refused (403).</summary>
    NoToken,

    /// <summary>With another admitted buyer's token: must be refused (403).</summary>
    OthersToken,

    /// <summary>With a token that is not one: must be refused (403).</summary>
    MalformedToken,
}

/// <summary>The purchases' answers by attempt and status, and the outcomes of the accepted ones; thread-safe.</summary>
public sealed class PurchaseTally
{
    /// <summary>The problem type of a purchase refused for want of a valid admission token.</summary>
    public const string AdmissionRequired = "https://ticketbooking.dev/problems/admission-required";

    private readonly ConcurrentDictionary<(PurchaseAttempt Attempt, int Status, bool AdmissionProblem), long> _answers = new();
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<long> _accepted = [];

    /// <summary>Buyers whose purchase with their own token was accepted.</summary>
    public IReadOnlyCollection<long> AcceptedBuyers => [.. _accepted];

    /// <summary>Records one answer to <paramref name="userId"/>; <paramref name="problemType"/> is the problem document's type, if any.</summary>
    public void Record(PurchaseAttempt attempt, long userId, int status, string? problemType)
    {
        _answers.AddOrUpdate((attempt, status, problemType == AdmissionRequired), 1, (_, count) => count + 1);
        if (attempt == PurchaseAttempt.OwnToken && status == 202)
        {
            _accepted.Add(userId);
        }
    }

    /// <summary>Records the final status of an accepted order (<c>confirmed</c>, <c>rejected</c>, ... or <c>unfinished</c>).</summary>
    public void RecordOutcome(string status) => _outcomes.AddOrUpdate(status, 1, (_, count) => count + 1);

    public long Count(PurchaseAttempt attempt) => _answers.Where(pair => pair.Key.Attempt == attempt).Sum(pair => pair.Value);

    /// <summary><c>own-token 202: 20, no-token 403: 20</c>, ...: every attempt and status with its count.</summary>
    public IReadOnlyDictionary<string, long> Answers() => _answers
        .OrderBy(pair => pair.Key.Attempt).ThenBy(pair => pair.Key.Status)
        .ToDictionary(pair => Invariant($"{Name(pair.Key.Attempt)} {pair.Key.Status}{(pair.Key.Status == 403 && !pair.Key.AdmissionProblem ? " (other problem)" : "")}"), pair => pair.Value, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Outcomes() => _outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Every purchase with the buyer's own token accepted; every one without a token, with another buyer's or with a
    /// malformed one refused with 403 and the admission-required problem, and at least one of those sent.
    /// </summary>
    public IReadOnlyList<AuditCheck> Checks()
    {
        var own = Count(PurchaseAttempt.OwnToken);
        var accepted = _answers.Where(pair => pair.Key is { Attempt: PurchaseAttempt.OwnToken, Status: 202 }).Sum(pair => pair.Value);
        var refusals = _answers.Where(pair => pair.Key.Attempt != PurchaseAttempt.OwnToken).ToList();
        var sent = refusals.Sum(pair => pair.Value);
        var refused = refusals.Where(pair => pair.Key is { Status: 403, AdmissionProblem: true }).Sum(pair => pair.Value);
        var slipped = refusals.Where(pair => pair.Key.Status is >= 200 and < 300).Sum(pair => pair.Value);
        return
        [
            new AuditCheck(own > 0 && accepted == own, Invariant($"purchases with the buyer's own admission token: {accepted} of {own} accepted (202)")),
            new AuditCheck(sent > 0 && refused == sent, Invariant($"no purchase without a valid token: {refused} of {sent} refused with 403 admission-required ({slipped} accepted)")),
        ];
    }

    private static string Name(PurchaseAttempt attempt) => attempt switch
    {
        PurchaseAttempt.OwnToken => "own-token",
        PurchaseAttempt.NoToken => "no-token",
        PurchaseAttempt.OthersToken => "others-token",
        _ => "malformed-token",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
