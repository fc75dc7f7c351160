using System.Globalization;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// Body of <c>PUT /api/admin/sessions/{sessionId}/waiting-room</c>, and the optional <c>waitingRoom</c> of
/// <c>POST /api/admin/sessions</c>. The room closes when the session's show starts. <see cref="Mode"/> is
/// <c>rate</c> (the default: <see cref="AdmitPerMinute"/> a minute) or <c>seats</c> (at that rate, but no more than
/// seats are free); an admission lasts <see cref="AdmissionMinutes"/> (10), a waiting-list offer <see cref="OfferMinutes"/> (5).
/// </summary>
public sealed record WaitingRoomRequest(
    DateTimeOffset? OpensAt,
    DateTimeOffset? SaleStartsAt,
    string? Mode,
    int? AdmitPerMinute,
    int? AdmissionMinutes,
    int? OfferMinutes)
{
    public const string RateMode = "rate";
    public const string SeatsMode = "seats";
    public const int DefaultAdmissionMinutes = 10;
    public const int DefaultOfferMinutes = 5;

    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"opensAt": "2030-01-31T18:00:00Z", "saleStartsAt": "2030-01-31T19:00:00Z", "mode": "rate", "admitPerMinute": 600, "admissionMinutes": 10, "offerMinutes": 5}""";

    /// <summary>The room's settings for the session starting at <paramref name="closesAt"/>, or the 422 that says what is wrong.</summary>
    /// <param name="field">The name the problem gives the body (<c>waitingRoom.</c> inside a session's body).</param>
    public (RoomSettings? Settings, UnprocessableProblem? Problem) ToSettings(long sessionId, DateTimeOffset closesAt, long createdBy, string field = "")
    {
        if (OpensAt is not { } opensAt)
        {
            return (null, new UnprocessableProblem($"{field}opensAt", "Say when the room opens for joining (opensAt), before the sale starts."));
        }

        if (SaleStartsAt is not { } saleStartsAt)
        {
            return (null, new UnprocessableProblem($"{field}saleStartsAt", "Say when the sale starts (saleStartsAt): the pre-queue is shuffled then."));
        }

        if (ModeOf(Mode) is not { } mode)
        {
            return (null, new UnprocessableProblem($"{field}mode", $"mode is \"{RateMode}\" (the default) or \"{SeatsMode}\"."));
        }

        if (AdmitPerMinute is not { } perMinute)
        {
            return (null, new UnprocessableProblem($"{field}admitPerMinute", "Say how many buyers a minute are admitted (admitPerMinute)."));
        }

        var settings = new RoomSettings(
            sessionId,
            opensAt,
            saleStartsAt,
            closesAt,
            mode,
            perMinute,
            TimeSpan.FromMinutes(AdmissionMinutes ?? DefaultAdmissionMinutes),
            TimeSpan.FromMinutes(OfferMinutes ?? DefaultOfferMinutes),
            createdBy);
        return settings.ProblemOf() is { } problem
            ? (null, new UnprocessableProblem(field.Length == 0 ? "waitingRoom" : field.TrimEnd('.'), string.Create(CultureInfo.InvariantCulture, $"{problem} (the room closes when the show starts, {closesAt:u}).")))
            : (settings, null);
    }

    public static string NameOf(AdmissionMode mode) => mode == AdmissionMode.Seats ? SeatsMode : RateMode;

    private static AdmissionMode? ModeOf(string? mode) => mode switch
    {
        null or RateMode => AdmissionMode.Rate,
        SeatsMode => AdmissionMode.Seats,
        _ => null,
    };
}
