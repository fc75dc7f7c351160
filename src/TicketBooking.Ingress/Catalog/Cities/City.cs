namespace TicketBooking.Ingress.Catalog;

/// <summary>A city sessions are listed by: its ISO 3166-1 country code and IANA time zone (the one its shows' local times are in).</summary>
public sealed record City(long Id, string Name, string CountryCode, string TimeZone);

/// <summary>Body of <c>PUT /api/admin/cities/{cityId}</c>.</summary>
public sealed record CityRequest(string Name, string CountryCode, string TimeZone)
{
    public const string Form = """{"name": "Lisbon", "countryCode": "PT", "timeZone": "Europe/Lisbon"}""";

    public UnprocessableProblem? Validate()
    {
        if (Limits.Text(Name, "name", "the city's name") is { } name)
        {
            return name;
        }

        if (CountryCode is not [>= 'A' and <= 'Z' or >= 'a' and <= 'z', >= 'A' and <= 'Z' or >= 'a' and <= 'z'])
        {
            return new UnprocessableProblem("countryCode", "Give the ISO 3166-1 alpha-2 country code, such as PT.");
        }

        return TimeZone is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) && zone.HasIanaId
            ? null
            : new UnprocessableProblem("timeZone", "Give an IANA time zone, such as Europe/Lisbon.");
    }
}
