namespace TicketBooking.Ingress.Catalog;

/// <summary>A performer, band or director events name.</summary>
public sealed record Artist(long Id, string Name);

/// <summary><c>GET /api/artists/{id}</c>: an artist with the events that name it.</summary>
public sealed record ArtistDetails(long Id, string Name, IReadOnlyList<EventSummary> Events);

/// <summary>Body of <c>PUT /api/admin/artists/{artistId}</c>.</summary>
public sealed record ArtistRequest(string Name)
{
    public const string Form = """{"name": "Mariza"}""";

    public UnprocessableProblem? Validate() => Limits.Text(Name, "name", "the artist's name");
}
