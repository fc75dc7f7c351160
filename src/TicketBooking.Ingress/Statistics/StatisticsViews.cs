using TicketBooking.Projections.Statistics;

namespace TicketBooking.Ingress.Statistics;

/// <summary>A session's figures, with what the catalog says of it (null for a session the engine knows and the catalog does not).</summary>
public sealed record SessionStatistics(long SessionId, string? Title, DateTimeOffset? StartsAt, long? EventId, StatisticsFigures Figures);

/// <summary>An event's figures: the sums over its sessions.</summary>
public sealed record EventStatistics(long EventId, string Title, StatisticsFigures Figures);

/// <summary>A venue's figures: the sums over the sessions in its halls.</summary>
public sealed record VenueStatistics(long VenueId, string Name, StatisticsFigures Figures);

/// <summary>A city's figures: the sums over the sessions in its venues (an organizer's own sessions only).</summary>
public sealed record CityStatistics(long CityId, string Name, StatisticsFigures Figures);

/// <summary>
/// An artist over a period: the events with a session starting in it, and the figures of those sessions, whose
/// <see cref="StatisticsFigures.Visitors"/> (tickets sold, not returned) are the artist's visitors.
/// </summary>
public sealed record ArtistStatistics(long ArtistId, string Name, int Events, long Visitors, StatisticsFigures Figures);

/// <summary>Tickets confirmed in one minute (UTC, as the journal stamped their batch) and their money, in minor units.</summary>
public sealed record MinuteSales(DateTimeOffset Minute, long Tickets, long Amount);
