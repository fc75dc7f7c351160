namespace TicketBooking.Ingress.Catalog;

/// <summary>A venue in a city: a cinema, concert hall, stadium or theatre, with its halls.</summary>
public sealed record Venue(long Id, long CityId, string Name, string Kind, string Address);

/// <summary>A venue with its city and halls, as <c>GET /api/venues/{id}</c> shows it.</summary>
public sealed record VenueDetails(long Id, string Name, string Kind, string Address, City City, IReadOnlyList<HallSummary> Halls);

/// <summary>Body of <c>PUT /api/admin/venues/{venueId}</c>.</summary>
public sealed record VenueRequest(long CityId, string Name, string Kind, string Address)
{
    public const string Form = """{"cityId": 1, "name": "Coliseu", "kind": "concert_hall", "address": "Rua das Portas de Santo Antão 96"}""";

    /// <summary>What a venue may be; the values of <see cref="Venue.Kind"/>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["cinema", "concert_hall", "stadium", "theatre"];

    public UnprocessableProblem? Validate() =>
        Limits.Text(Name, "name", "the venue's name")
        ?? Limits.Text(Address, "address", "the venue's address", Limits.MaxAddressLength)
        ?? (Kinds.Contains(Kind) ? null : new UnprocessableProblem("kind", $"A venue is one of {string.Join(", ", Kinds)}."));
}
