using System.Globalization;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;

namespace TicketBooking.Demo;

internal static class DropReport
{
    public static void Write(
        TextWriter output,
        SessionState session,
        IReadOnlyList<string> categoryNames,
        long inputs,
        IReadOnlyList<Decision> decisions,
        int batches,
        TimeSpan elapsed)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"Drop: {inputs:N0} inputs -> {decisions.Count:N0} decisions in {batches:N0} journal batches, {elapsed.TotalMilliseconds:N0} ms ({inputs / elapsed.TotalSeconds:N0} inputs/s end to end)"));
        output.WriteLine();
        output.WriteLine("Decisions");
        foreach (var group in decisions.GroupBy(Describe).OrderByDescending(g => g.Count()))
        {
            output.WriteLine(string.Create(culture, $"  {group.Key,-32} {group.Count(),10:N0}"));
        }

        output.WriteLine();
        output.WriteLine("Seats after the drop (sold or still held / capacity)");
        for (var category = 0; category < session.Seats.CategoryCount; category++)
        {
            var capacity = Enumerable.Range(0, session.Seats.Capacity).Count(seat => session.Seats.CategoryOf(seat) == category);
            var taken = capacity - session.Seats.FreeSeats(category);
            output.WriteLine(string.Create(culture, $"  {categoryNames[category],-32} {taken,10:N0} / {capacity:N0}"));
        }

        output.WriteLine();
    }

    /// <summary>Folds the journal from zero and checks it against the live state; a seat taken twice makes the fold throw.</summary>
    public static bool Audit(TextWriter output, EngineState live, IReadOnlyList<Decision> decisions)
    {
        var folded = new EngineState();
        try
        {
            foreach (var decision in decisions)
            {
                folded.Apply(decision);
            }
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine($"Audit FAILED: {e.Message}");
            return false;
        }

        var same = live.Sessions.Values.All(session =>
            session.Seats.Bits.SequenceEqual(folded.Sessions[session.SessionId].Seats.Bits))
            && live.Orders.Count == folded.Orders.Count
            && live.Orders.Values.All(order => folded.Orders[order.OrderId].Status == order.Status);
        output.WriteLine(same
            ? "Audit passed: no seat in two live orders, and folding the journal from zero gives the live state."
            : "Audit FAILED: the folded journal differs from the live state.");
        return same;
    }

    private static string Describe(Decision decision) => decision switch
    {
        Rejected rejected => $"Rejected ({rejected.Reason})",
        _ => decision.GetType().Name,
    };
}
