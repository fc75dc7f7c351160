using System.Globalization;
using System.Text.Json.Nodes;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// What <c>drop</c> creates through the ingress admin API: one hall of <see cref="Rows"/> rows of
/// <see cref="SeatsPerRow"/> seats (the first half of the rows category 0, the rest category 1) and
/// <see cref="Sessions"/> sessions of it with consecutive ids from <see cref="FirstSessionId"/>.
/// </summary>
public sealed record DropPlan(long HallId, long FirstSessionId, int Sessions, int Rows, int SeatsPerRow)
{
    /// <summary>Per-buyer limit of every session (the most a buyer may hold).</summary>
    public const int MaxSeatsPerBuyer = 4;

    /// <summary>How long a hold lasts before the engine releases it.</summary>
    public const int HoldTimeoutSeconds = 600;

    /// <summary>Largest id the ingress accepts from JSON without loss (2^53).</summary>
    public const long MaxId = 1L << 53;

    /// <summary>The last session id.</summary>
    public long LastSessionId => FirstSessionId + Sessions - 1;

    /// <summary>Seats of one session.</summary>
    public int SeatsPerSession => Rows * SeatsPerRow;

    /// <summary>The venue and event the hall and sessions belong to (none: a bare hall and untitled sessions, as load runs use).</summary>
    public DropShowcase? Showcase { get; init; }

    /// <summary>Session ids in order.</summary>
    public IEnumerable<long> SessionIds => Enumerable.Range(0, Sessions).Select(offset => FirstSessionId + offset);

    /// <summary>A plan whose ids come from the clock (milliseconds since 1970), fresh for each run a second or more apart.</summary>
    public static DropPlan FromClock(DateTimeOffset now, int sessions, int rows, int seatsPerRow)
    {
        long first = now.ToUnixTimeMilliseconds();
        return new DropPlan(first, first, sessions, rows, seatsPerRow);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless ids and sizes are in range.</summary>
    public void Validate()
    {
        if (Sessions < 1 || Rows < 1 || SeatsPerRow < 1)
        {
            throw new ArgumentException("A drop needs at least one session, one row and one seat per row.");
        }

        if (HallId < 1 || FirstSessionId < 1 || LastSessionId >= MaxId)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Hall and session ids run from 1 to {MaxId - 1}."));
        }
    }

    /// <summary>Body of <c>PUT /api/admin/halls/{HallId}</c>.</summary>
    public JsonObject HallBody()
    {
        var rows = new JsonArray();
        for (int row = 0; row < Rows; row++)
        {
            int category = row < (Rows + 1) / 2 ? 0 : 1;
            var categories = new JsonArray();
            for (int seat = 0; seat < SeatsPerRow; seat++)
            {
                categories.Add(category);
            }

            rows.Add(new JsonObject { ["label"] = RowLabel(row), ["categories"] = categories });
        }

        var hall = new JsonObject { ["name"] = string.Create(CultureInfo.InvariantCulture, $"Load hall {HallId}"), ["rows"] = rows };
        if (Showcase is { } showcase)
        {
            hall["venueId"] = showcase.Id;
        }

        return hall;
    }

    /// <summary>Body of <c>POST /api/admin/sessions</c> for <paramref name="sessionId"/>, starting 30 days after <paramref name="now"/>.</summary>
    public JsonObject SessionBody(long sessionId, DateTimeOffset now)
    {
        var session = new JsonObject
        {
            ["id"] = sessionId,
            ["hallId"] = HallId,
            ["title"] = string.Create(CultureInfo.InvariantCulture, $"Load drop {sessionId}"),
            ["startsAt"] = now.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["prices"] = new JsonArray(7000, 4000),
            ["currency"] = "EUR",
            ["holdTimeoutSeconds"] = HoldTimeoutSeconds,
            ["maxSeatsPerBuyer"] = MaxSeatsPerBuyer,
        };
        if (Showcase is { } showcase)
        {
            session["eventId"] = showcase.Id;
            session.Remove("title");
        }

        return session;
    }

    /// <summary>The URL template that picks one of the sessions at random per request.</summary>
    public string OrdersUrlTemplate(Uri ingress)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        var session = Sessions == 1
            ? FirstSessionId.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{{{{int:{FirstSessionId}:{LastSessionId}}}}}");
        return $"{ingress.GetLeftPart(UriPartial.Authority)}/api/sessions/{session}/orders";
    }

    private static string RowLabel(int row) => row < 26 ? ((char)('A' + row)).ToString() : string.Create(CultureInfo.InvariantCulture, $"R{row + 1}");
}
