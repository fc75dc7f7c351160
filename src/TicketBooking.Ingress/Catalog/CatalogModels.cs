using TicketBooking.Engine.Inventory;

namespace TicketBooking.Ingress.Catalog;

/// <summary>One row of a hall: its label and the price category of each seat, left to right.</summary>
public sealed record HallRow(string Label, int[] Categories);

/// <summary>Body of <c>PUT /api/admin/halls/{hallId}</c>: rows best-first; seat ids are row-major positions from 0.</summary>
public sealed record HallRequest(string Name, IReadOnlyList<HallRow> Rows)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"name": "Main hall", "rows": [{"label": "A", "categories": [0, 0, 1]}]}""";
}

/// <summary>
/// Body of <c>POST /api/admin/sessions</c>. <see cref="Id"/> is optional (a new one is drawn when absent);
/// prices are in minor units, one per seat category of the hall.
/// </summary>
public sealed record CreateSessionRequest(
    long? Id,
    long HallId,
    string Title,
    DateTimeOffset StartsAt,
    long[] Prices,
    string Currency,
    int HoldTimeoutSeconds,
    int MaxSeatsPerBuyer)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"hallId": 1, "title": "Opening night", "startsAt": "2030-01-31T20:00:00Z", "prices": [9000, 5000], "currency": "EUR", "holdTimeoutSeconds": 600, "maxSeatsPerBuyer": 4}""";
}

/// <summary>A session as the catalog stores it, with the layout its engine partition was (or will be) opened with.</summary>
public sealed record CatalogSession(
    long Id,
    long HallId,
    string HallName,
    string Title,
    DateTimeOffset StartsAt,
    long[] Prices,
    string Currency,
    long HoldTimeoutMs,
    int MaxSeatsPerBuyer,
    IReadOnlyList<HallRow> Rows,
    bool OnSale)
{
    public int SeatCount { get; } = Rows.Sum(row => row.Categories.Length);

    public SessionLayout ToLayout() =>
        new([.. Rows.Select(row => new RowLayout(row.Label, [.. row.Categories.Select(category => (byte)category)]))]);
}

/// <summary>One price of <c>GET /api/sessions</c>.</summary>
public sealed record CategoryPrice(int Category, long Price);

/// <summary>An on-sale session as buyers list it.</summary>
public sealed record SessionSummary(
    long Id,
    string Title,
    DateTimeOffset StartsAt,
    long HallId,
    string Currency,
    IReadOnlyList<CategoryPrice> Prices,
    int SeatCount,
    int MaxSeatsPerBuyer,
    int HoldTimeoutSeconds)
{
    public static SessionSummary From(CatalogSession session) => new(
        session.Id,
        session.Title,
        session.StartsAt,
        session.HallId,
        session.Currency,
        [.. session.Prices.Select((price, category) => new CategoryPrice(category, price))],
        session.SeatCount,
        session.MaxSeatsPerBuyer,
        (int)(session.HoldTimeoutMs / 1000));
}

/// <summary>A row of <c>GET /api/sessions/{id}</c>: seat <c>FirstSeatId + i</c> has category <c>Categories[i]</c>.</summary>
public sealed record SeatRow(string Label, int FirstSeatId, int[] Categories);

/// <summary>A session with its hall's seat map.</summary>
public sealed record SessionDetails(SessionSummary Session, string HallName, IReadOnlyList<SeatRow> Rows)
{
    public static SessionDetails From(CatalogSession session)
    {
        var rows = new List<SeatRow>(session.Rows.Count);
        var first = 0;
        foreach (var row in session.Rows)
        {
            rows.Add(new SeatRow(row.Label, first, row.Categories));
            first += row.Categories.Length;
        }

        return new SessionDetails(SessionSummary.From(session), session.HallName, rows);
    }
}
