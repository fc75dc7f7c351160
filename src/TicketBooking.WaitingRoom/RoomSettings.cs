namespace TicketBooking.WaitingRoom;

/// <summary>What an organizer configures for a session's waiting room.</summary>
/// <param name="OpensAt">Joins are accepted from here.</param>
/// <param name="SaleStartsAt">The pre-queue is shuffled and admission starts here.</param>
/// <param name="ClosesAt">The show's start: nothing is admitted from here on.</param>
/// <param name="AdmitPerMinute">Buyers admitted per minute (1..1,000,000).</param>
/// <param name="AdmissionLifetime">An admission token's lifetime (1 minute..2 hours).</param>
/// <param name="OfferLifetime">A waiting-list offer's lifetime (1 minute..1 hour).</param>
public sealed record RoomSettings(
    long SessionId,
    DateTimeOffset OpensAt,
    DateTimeOffset SaleStartsAt,
    DateTimeOffset ClosesAt,
    AdmissionMode Mode,
    int AdmitPerMinute,
    TimeSpan AdmissionLifetime,
    TimeSpan OfferLifetime,
    long CreatedBy)
{
    public const int MaxAdmitPerMinute = 1_000_000;

    public static readonly TimeSpan MinAdmissionLifetime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAdmissionLifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan MinOfferLifetime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxOfferLifetime = TimeSpan.FromHours(1);

    /// <summary>Why these settings cannot be stored, in a sentence for a problem's detail; null when they are valid.</summary>
    public string? ProblemOf()
    {
        if (SessionId <= 0)
        {
            return "The session id must be positive.";
        }

        if (OpensAt >= SaleStartsAt)
        {
            return "The waiting room must open before the sale starts.";
        }

        if (SaleStartsAt >= ClosesAt)
        {
            return "The sale must start before the session does.";
        }

        if (AdmitPerMinute is < 1 or > MaxAdmitPerMinute)
        {
            return $"The admission rate must be between 1 and {MaxAdmitPerMinute} per minute.";
        }

        if (!Enum.IsDefined(Mode))
        {
            return "The admission mode must be 'rate' or 'seats'.";
        }

        if (AdmissionLifetime < MinAdmissionLifetime || AdmissionLifetime > MaxAdmissionLifetime || !IsWholeSeconds(AdmissionLifetime))
        {
            return "An admission must last between 1 minute and 2 hours, in whole seconds.";
        }

        if (OfferLifetime < MinOfferLifetime || OfferLifetime > MaxOfferLifetime || !IsWholeSeconds(OfferLifetime))
        {
            return "A waiting-list offer must last between 1 minute and 1 hour, in whole seconds.";
        }

        return null;
    }

    // The lifetimes are stored in whole seconds: a fraction would not read back as written.
    private static bool IsWholeSeconds(TimeSpan lifetime) => lifetime.Ticks % TimeSpan.TicksPerSecond == 0;
}
