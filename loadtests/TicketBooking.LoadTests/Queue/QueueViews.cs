using System.Text.Json;
using System.Text.Json.Serialization;

namespace TicketBooking.LoadTests.Queue;

/// <summary>The ingress's waiting-room answers as the queue scenario reads them (camelCase JSON).</summary>
public static class QueueJson
{
    /// <summary>Web defaults; ids and the seed are read from numbers or strings alike.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary><c>GET /api/sessions/{id}/queue</c>: a buyer's standing; the token only while admitted.</summary>
public sealed record StandingView(
    string State,
    long? Position,
    long? Ahead,
    double? EtaSeconds,
    bool PreQueue,
    bool SoldOut,
    bool Offer,
    string? AdmissionToken,
    DateTimeOffset? AdmissionExpiresAt)
{
    public const string Waiting = "waiting";
    public const string Admitted = "admitted";

    /// <summary>Whether a buyer following the queue would see something new: everything but the token's text.</summary>
    public bool DiffersFrom(StandingView? previous) =>
        previous is null || (State, Position, Ahead, PreQueue, SoldOut, Offer) != (previous.State, previous.Position, previous.Ahead, previous.PreQueue, previous.SoldOut, previous.Offer);
}

/// <summary>The organizer's counts of a room.</summary>
public sealed record RoomCountsView(long Waiting, long Admitted, long Bought, long Abandoned, long Left, long Unpositioned);

/// <summary><c>GET /api/admin/sessions/{id}/waiting-room</c>, the parts the scenario reads.</summary>
public sealed record AdminRoomView(string Phase, long? Seed, int PreQueueSize, long LastPosition, long AdmittedThrough, DateTimeOffset? SoldOutAt, RoomCountsView Counts);

/// <summary>One visitor of <c>GET /api/admin/sessions/{id}/waiting-room/visitors</c>.</summary>
public sealed record VisitorRow(long Position, long UserId, DateTimeOffset JoinedAt, DateTimeOffset? AdmittedAt, bool Offer, DateTimeOffset? OrderedAt, DateTimeOffset? LeftAt, bool PreQueue);

/// <summary>A keyset page of visitors in position order; <see cref="Next"/> is the <c>after</c> of the next page, null after the last.</summary>
public sealed record VisitorsPage(IReadOnlyList<VisitorRow> Visitors, long? Next);
