using System.Globalization;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The sizes the catalog accepts, and the checks of a name or a label against them.</summary>
public static class Limits
{
    public const int MaxNameLength = 200;
    public const int MaxLabelLength = 20;
    public const int MaxAddressLength = 500;

    /// <summary>Seats are drawn within ±1,000,000 units of the origin.</summary>
    public const double MaxCoordinate = 1_000_000;

    /// <summary>A problem when <paramref name="value"/> is blank or longer than <paramref name="maxLength"/>.</summary>
    public static UnprocessableProblem? Text(string? value, string field, string what, int maxLength = MaxNameLength) =>
        string.IsNullOrWhiteSpace(value) || value.Length > maxLength
            ? new UnprocessableProblem(field, string.Create(CultureInfo.InvariantCulture, $"Give {what}, 1 to {maxLength} characters."))
            : null;

    /// <summary>A problem when the id in the path is not positive.</summary>
    public static UnprocessableProblem? Id(long id, string field) =>
        id > 0 ? null : new UnprocessableProblem(field, "Ids are positive.");
}
