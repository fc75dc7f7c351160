using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Compare;

/// <summary>Reads figures from either the generator's <c>report.json</c> or a saved wrk output.</summary>
public static class FiguresFile
{
    public static SystemFigures Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.TrimStart().StartsWith('{') ? ReportFigures.From(JsonReport.Parse(text)) : WrkOutput.Parse(text);
    }
}
