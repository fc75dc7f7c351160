using System.Globalization;

namespace TicketBooking.Ingress.Catalog;

/// <summary>What sessions show: a film, concert, play or other, with its artists in billing order.</summary>
public sealed record EventView(long Id, string Title, string Kind, int DurationMinutes, string? AgeRating, IReadOnlyList<Artist> Artists);

/// <summary>An event as an artist's page lists it.</summary>
public sealed record EventSummary(long Id, string Title, string Kind, int DurationMinutes, string? AgeRating);

/// <summary>Body of <c>PUT /api/admin/events/{eventId}</c>. <see cref="AgeRating"/> is the rating as printed ("12A", "PG-13", "18"), or none.</summary>
public sealed record EventRequest(string Title, string Kind, int DurationMinutes, string? AgeRating, IReadOnlyList<long>? ArtistIds)
{
    public const string Form = """{"title": "Fado night", "kind": "concert", "durationMinutes": 120, "ageRating": "6", "artistIds": [1]}""";
    public const int MaxArtists = 100;
    public const int MaxDurationMinutes = 24 * 60;
    public const int MaxAgeRatingLength = 10;

    /// <summary>What an event may be; the values of <see cref="EventView.Kind"/>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["film", "concert", "play", "other"];

    public UnprocessableProblem? Validate()
    {
        if (Limits.Text(Title, "title", "the event's title") is { } title)
        {
            return title;
        }

        if (!Kinds.Contains(Kind))
        {
            return new UnprocessableProblem("kind", $"An event is one of {string.Join(", ", Kinds)}.");
        }

        if (DurationMinutes is < 1 or > MaxDurationMinutes)
        {
            return new UnprocessableProblem("durationMinutes", string.Create(CultureInfo.InvariantCulture, $"An event lasts 1 to {MaxDurationMinutes} minutes."));
        }

        if (AgeRating is not null && Limits.Text(AgeRating, "ageRating", "the age rating as printed, or none", MaxAgeRatingLength) is { } rating)
        {
            return rating;
        }

        var artists = ArtistIds ?? [];
        return artists.Count > MaxArtists || artists.Any(id => id <= 0) || artists.Distinct().Count() != artists.Count
            ? new UnprocessableProblem("artistIds", string.Create(CultureInfo.InvariantCulture, $"Name at most {MaxArtists} artists, each once, by their ids."))
            : null;
    }
}
