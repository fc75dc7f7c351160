using System.Globalization;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The checks of a hall body, and the layout it describes once they pass.</summary>
public static class HallValidation
{
    public static UnprocessableProblem? Validate(HallRequest hall, out HallLayout layout)
    {
        ArgumentNullException.ThrowIfNull(hall);
        layout = new HallLayout([]);
        if (Limits.Text(hall.Name, "name", "the hall's name") is { } name)
        {
            return name;
        }

        if (hall.VenueId is <= 0)
        {
            return new UnprocessableProblem("venueId", "Venue ids are positive.");
        }

        var problem = (hall.Rows, hall.Sections) switch
        {
            (not null, not null) => new UnprocessableProblem("sections", "Give sections or rows, not both."),
            (not null, null) => ValidateRows(hall.Rows),
            (null, not null) => ValidateSections(hall.Sections),
            _ => new UnprocessableProblem("sections", "A hall needs sections of rows of seats (or rows of categories)."),
        };
        if (problem is not null)
        {
            return problem;
        }

        layout = hall.Sections is { } sections
            ? new HallLayout([.. sections.Select(section => section with { Name = section.Name.Trim() })])
            : HallLayout.FromRows(hall.Rows!);
        return null;
    }

    private static UnprocessableProblem? ValidateRows(IReadOnlyList<HallRow> rows)
    {
        if (rows is not { Count: > 0 } || rows.Any(row => row is null || Limits.Text(row.Label, "rows", "a label", Limits.MaxLabelLength) is not null || row.Categories is not { Length: > 0 }))
        {
            return new UnprocessableProblem("rows", string.Create(CultureInfo.InvariantCulture, $"A hall needs rows, each with a label (1 to {Limits.MaxLabelLength} characters) and at least one seat."));
        }

        if (rows.Any(row => row.Categories.Any(category => category is < 0 or > byte.MaxValue)))
        {
            return new UnprocessableProblem("rows", "Seat categories run from 0 to 255.");
        }

        return rows.Sum(row => (long)row.Categories.Length) > SessionLayout.MaxSeats ? TooManySeats("rows") : null;
    }

    private static UnprocessableProblem? ValidateSections(IReadOnlyList<LayoutSection> sections)
    {
        if (sections.Count == 0 || sections.Any(section => section is null || Limits.Text(section.Name, "sections", "a name") is not null))
        {
            return new UnprocessableProblem("sections", "A hall needs sections, each with a name.");
        }

        if (sections.Any(section => section.Rows is not { Count: > 0 }))
        {
            return new UnprocessableProblem("sections", "Every section needs rows.");
        }

        var seatCount = 0L;
        foreach (var row in sections.SelectMany(section => section.Rows))
        {
            if (row is null || Limits.Text(row.Label, "sections", "a label", Limits.MaxLabelLength) is not null || row.Seats is not { Count: > 0 })
            {
                return new UnprocessableProblem("sections", string.Create(CultureInfo.InvariantCulture, $"Every section needs rows, each with a label (1 to {Limits.MaxLabelLength} characters) and at least one seat."));
            }

            seatCount += row.Seats.Count;
            if (seatCount > SessionLayout.MaxSeats)
            {
                return TooManySeats("sections");
            }

            foreach (var seat in row.Seats)
            {
                if (seat is null || Limits.Text(seat.Label, "sections", "a label", Limits.MaxLabelLength) is not null)
                {
                    return new UnprocessableProblem("sections", string.Create(CultureInfo.InvariantCulture, $"Every seat needs a label, 1 to {Limits.MaxLabelLength} characters."));
                }

                if (!double.IsFinite(seat.X) || !double.IsFinite(seat.Y) || Math.Abs(seat.X) > Limits.MaxCoordinate || Math.Abs(seat.Y) > Limits.MaxCoordinate)
                {
                    return new UnprocessableProblem("sections", string.Create(CultureInfo.InvariantCulture, $"Seat coordinates are finite numbers within ±{Limits.MaxCoordinate}."));
                }

                if (seat.Category is < 0 or > byte.MaxValue)
                {
                    return new UnprocessableProblem("sections", "Seat categories run from 0 to 255.");
                }
            }
        }

        return null;
    }

    private static UnprocessableProblem TooManySeats(string field) =>
        new(field, string.Create(CultureInfo.InvariantCulture, $"A hall has at most {SessionLayout.MaxSeats} seats."));
}
