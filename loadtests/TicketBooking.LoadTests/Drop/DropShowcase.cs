using System.Globalization;
using System.Text.Json.Nodes;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// What a demo drop belongs to in the catalog, so that the buyer's page shows it as a box office would: a city
/// (shared, written again unchanged by every demo), and a venue, an artist and an event of the drop's own id.
/// </summary>
public sealed record DropShowcase(long Id)
{
    /// <summary>The demo's city; cities are shared reference data, so every demo writes the same one.</summary>
    public const long CityId = 1;

    /// <summary>The calls that create it, in order, each an idempotent <c>PUT</c> of <c>(path, body)</c>.</summary>
    public IEnumerable<(string Path, JsonObject Body)> Calls()
    {
        yield return ($"/api/admin/cities/{CityId}", new JsonObject { ["name"] = "Lisbon", ["countryCode"] = "PT", ["timeZone"] = "Europe/Lisbon" });
        yield return (Path("venues"), new JsonObject { ["cityId"] = CityId, ["name"] = "Coliseu", ["kind"] = "concert_hall", ["address"] = "Rua das Portas de Santo Antão 96" });
        yield return (Path("artists"), new JsonObject { ["name"] = "The Demo Quartet" });
        yield return (Path("events"), new JsonObject { ["title"] = "Demo night", ["kind"] = "concert", ["durationMinutes"] = 120, ["ageRating"] = "6", ["artistIds"] = new JsonArray(Id) });
    }

    private string Path(string entity) => string.Create(CultureInfo.InvariantCulture, $"/api/admin/{entity}/{Id}");
}
