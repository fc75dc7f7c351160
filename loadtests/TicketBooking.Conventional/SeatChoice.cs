using System.Globalization;

namespace TicketBooking.Conventional;

/// <summary>What a buyer asks for: these seats (sorted, distinct), or the best <see cref="Count"/> of <see cref="Category"/>.</summary>
public sealed record SeatChoice(int[]? Seats, int Count, int Category)
{
    public const int MaxSeats = 4;

    /// <summary>The same request always reads the same, so a repeated key can be checked against the first.</summary>
    public string Describe() => Seats is { } ids
        ? "seats:" + string.Join(',', ids)
        : string.Create(CultureInfo.InvariantCulture, $"best:{Count}:{Category}");

    /// <summary>A choice from the body, or why it is invalid.</summary>
    public static (SeatChoice? Choice, string? Error) From(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Seats is { } seats)
        {
            if (request.Count is not null || request.Category is not null)
            {
                return (null, "Send either seats or count and category, not both.");
            }

            var distinct = seats.Distinct().Order().ToArray();
            if (distinct.Length is 0 or > MaxSeats || distinct.Length != seats.Length || distinct[0] < 0)
            {
                return (null, $"seats holds 1 to {MaxSeats} distinct seat ids (0 or more).");
            }

            return (new SeatChoice(distinct, distinct.Length, 0), null);
        }

        if (request.Count is not { } count || request.Category is not { } category)
        {
            return (null, "Send {\"seats\": [ids]} or {\"count\": n, \"category\": c}.");
        }

        if (count is < 1 or > MaxSeats || category < 0)
        {
            return (null, $"count is 1 to {MaxSeats}; category is 0 or more.");
        }

        return (new SeatChoice(null, count, category), null);
    }
}

/// <summary>The body of <c>POST /api/sessions/{id}/orders</c>.</summary>
public sealed record OrderRequest(int[]? Seats, int? Count, int? Category);

/// <summary>An order as answered: held seats are the buyer's.</summary>
public sealed record OrderView(Guid OrderId, long SessionId, int[] Seats, string Status);
