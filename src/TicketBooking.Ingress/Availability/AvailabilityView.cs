using TicketBooking.Messaging;

namespace TicketBooking.Ingress.Availability;

/// <summary>
/// What <c>GET /api/sessions/{id}/availability</c> shows: free seats per category and the seat map as a
/// string with one character per seat id ('1' held or sold, '0' free), as of the partition's decision
/// <see cref="AsOfDecision"/> (also the ETag).
/// </summary>
public sealed record AvailabilityView(long SessionId, long AsOfDecision, bool OnSale, int[] FreeByCategory, int SeatCount, string Seats)
{
    public string ETag => $"\"{AsOfDecision}\"";

    public static AvailabilityView From(SessionAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(availability);
        var seats = string.Create(availability.SeatCount, availability.TakenSeats, static (chars, taken) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var word = i >> 6;
                chars[i] = word < taken.Length && (taken[word] & (1UL << (i & 63))) != 0 ? '1' : '0';
            }
        });
        return new AvailabilityView(availability.SessionId, availability.AsOfDecision, availability.OnSale, availability.FreeByCategory, availability.SeatCount, seats);
    }
}
