using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>A room's settings as the organizer gave them, and when it closes (the show's start).</summary>
public sealed record WaitingRoomSettingsView(
    DateTimeOffset OpensAt,
    DateTimeOffset SaleStartsAt,
    DateTimeOffset ClosesAt,
    string Mode,
    int AdmitPerMinute,
    int AdmissionMinutes,
    int OfferMinutes)
{
    public static WaitingRoomSettingsView From(RoomSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            settings.OpensAt,
            settings.SaleStartsAt,
            settings.ClosesAt,
            WaitingRoomRequest.NameOf(settings.Mode),
            settings.AdmitPerMinute,
            (int)settings.AdmissionLifetime.TotalMinutes,
            (int)settings.OfferLifetime.TotalMinutes);
    }
}

/// <summary>The organizer's counts: see <see cref="RoomCounts"/> for what each one counts.</summary>
public sealed record WaitingRoomCountsView(long Waiting, long Admitted, long Bought, long Abandoned, long Left, long Unpositioned)
{
    public static WaitingRoomCountsView From(RoomCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new(counts.Waiting, counts.Admitted, counts.Bought, counts.Abandoned, counts.Left, counts.Unpositioned);
    }
}

/// <summary>
/// A room as its organizer sees it: the settings, the phase now, the shuffle's seed (once it ran: with the visitors'
/// user ids it reproduces the pre-queue's order), how far admission went, and the counts.
/// </summary>
public sealed record WaitingRoomView(
    long SessionId,
    WaitingRoomSettingsView Settings,
    string Phase,
    long? Seed,
    DateTimeOffset? ShuffledAt,
    int PreQueueSize,
    long LastPosition,
    long AdmittedThrough,
    long AdmittedCount,
    DateTimeOffset? SoldOutAt,
    long Version,
    WaitingRoomCountsView Counts)
{
    public static WaitingRoomView From(RoomStatus room, RoomCounts counts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(
            room.Settings.SessionId,
            WaitingRoomSettingsView.From(room.Settings),
            PhaseName(room.PhaseAt(now)),
            room.Seed,
            room.ShuffledAt,
            room.PreQueueSize,
            room.LastPosition,
            room.AdmittedThrough,
            room.AdmittedCount,
            room.SoldOutAt,
            room.Version,
            WaitingRoomCountsView.From(counts));
    }

    /// <summary>A phase's name in JSON: lower case, as the standing's states.</summary>
    public static string PhaseName(RoomPhase phase) => phase switch
    {
        RoomPhase.Scheduled => "scheduled",
        RoomPhase.PreQueue => "prequeue",
        RoomPhase.Admitting => "admitting",
        RoomPhase.SoldOut => "soldout",
        RoomPhase.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };
}

/// <summary>One visitor as the organizer's keyset page lists them, in position order.</summary>
public sealed record WaitingRoomVisitorView(
    long Position,
    long UserId,
    DateTimeOffset JoinedAt,
    DateTimeOffset? AdmittedAt,
    bool Offer,
    DateTimeOffset? OrderedAt,
    DateTimeOffset? LeftAt,
    bool PreQueue);

/// <summary>A page of visitors; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record WaitingRoomVisitorPage(List<WaitingRoomVisitorView> Visitors, long? Next);

/// <summary>What anyone may see of a session's room: when it opens and the sale starts, how it goes, how long the queue is.</summary>
public sealed record PublicWaitingRoomView(
    DateTimeOffset OpensAt,
    DateTimeOffset SaleStartsAt,
    string Phase,
    int AdmitPerMinute,
    long Waiting,
    long AdmittedThrough,
    bool SoldOut)
{
    public static PublicWaitingRoomView From(RoomStatus room, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(
            room.Settings.OpensAt,
            room.Settings.SaleStartsAt,
            WaitingRoomView.PhaseName(room.PhaseAt(now)),
            room.Settings.AdmitPerMinute,
            Math.Max(0, room.LastPosition - room.AdmittedThrough),
            room.AdmittedThrough,
            room.SoldOutAt is not null);
    }
}

/// <summary>
/// A buyer's place in a queue: the state (waiting, admitted, expired, ordered, left, closed), the position and how
/// many are ahead (an upper bound: those who left ahead still count), the ETA in rate mode, and while admitted and
/// unexpired the admission token to send with the purchase (header <c>Admission-Token</c>).
/// </summary>
public sealed record QueueStandingView(
    string State,
    long? Position,
    long? Ahead,
    long? EtaSeconds,
    bool PreQueue,
    bool SoldOut,
    bool Offer,
    string? AdmissionToken,
    DateTimeOffset? AdmissionExpiresAt)
{
    public static QueueStandingView From(QueueStanding standing, string? token)
    {
        ArgumentNullException.ThrowIfNull(standing);
        return new(
            StateName(standing.State),
            standing.Position,
            standing.Ahead,
            standing.Eta is { } eta ? (long)Math.Ceiling(eta.TotalSeconds) : null,
            standing.PreQueue,
            standing.SoldOut,
            standing.Offer,
            token,
            standing.AdmissionExpiresAt);
    }

    public static string StateName(StandingState state) => state switch
    {
        StandingState.Waiting => "waiting",
        StandingState.Admitted => "admitted",
        StandingState.Expired => "expired",
        StandingState.Ordered => "ordered",
        StandingState.Left => "left",
        StandingState.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
