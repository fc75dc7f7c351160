using TicketBooking.Engine.Decisions;

namespace TicketBooking.IntegrationTests.Statistics;

/// <summary>
/// The statistics folded here from the raw decisions, apart from the projector's code: each confirmation and
/// cancellation joined with its order's hold, refunds summed by reason, capacity from the last opening.
/// </summary>
internal static class IndependentStatistics
{
    public static (Dictionary<long, SessionRow> Sessions, Dictionary<(long Session, DateTime Minute), (long Tickets, long Amount)> Minutes) Fold(
        IEnumerable<(Decision Decision, DateTimeOffset JournaledAt)> journal)
    {
        var entries = journal.ToList();
        var decisions = entries.Select(entry => entry.Decision).ToList();
        var holds = decisions.OfType<OrderHeld>().GroupBy(held => held.OrderId).ToDictionary(group => group.Key, group => group.First());
        var confirmations = entries.Where(entry => entry.Decision is OrderConfirmed).Select(entry => (Confirmed: (OrderConfirmed)entry.Decision, entry.JournaledAt)).ToList();
        var confirmed = confirmations.Select(entry => entry.Confirmed.OrderId).ToHashSet();
        var returned = decisions.OfType<OrderCancelled>().Where(cancelled => confirmed.Contains(cancelled.OrderId)).Select(cancelled => holds[cancelled.OrderId]).ToList();
        var refunds = decisions.OfType<RefundDue>().ToList();
        var capacities = decisions.OfType<SessionOpened>().GroupBy(opened => opened.SessionId).ToDictionary(group => group.Key, group => group.Last().Layout.Rows.Sum(row => row.SeatCategories.Length));

        var sessions = capacities.Keys.Concat(confirmations.Select(entry => entry.Confirmed.SessionId)).Concat(refunds.Select(refund => refund.SessionId)).Distinct()
            .ToDictionary(session => session, session =>
            {
                var sold = confirmations.Select(entry => holds[entry.Confirmed.OrderId]).Where(held => held.SessionId == session).ToList();
                return new SessionRow(
                    capacities.GetValueOrDefault(session),
                    sold.Sum(held => (long)held.Seats.Length),
                    returned.Where(held => held.SessionId == session).Sum(held => (long)held.Seats.Length),
                    sold.Sum(held => held.Amount),
                    sold.Sum(held => held.Discounts?.PromoDiscount ?? 0),
                    sold.Sum(held => held.Discounts?.PointsSpent ?? 0),
                    refunds.Where(refund => refund.SessionId == session && refund.Reason == RefundReason.Cancelled).Sum(refund => refund.Amount),
                    refunds.Where(refund => refund.SessionId == session && refund.Reason != RefundReason.Cancelled).Sum(refund => refund.Amount));
            });
        var minutes = confirmations
            .GroupBy(entry => (entry.Confirmed.SessionId, Minute(entry.JournaledAt)))
            .ToDictionary(
                group => group.Key,
                group => (group.Sum(entry => (long)holds[entry.Confirmed.OrderId].Seats.Length), group.Sum(entry => holds[entry.Confirmed.OrderId].Amount)));
        return (sessions, minutes);
    }

    private static DateTime Minute(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc);
    }
}
