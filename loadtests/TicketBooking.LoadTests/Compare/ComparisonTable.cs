using System.Globalization;
using System.Text;
using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Compare;

/// <summary>One measurement of both systems as a Markdown table with the ratio TicketBooking / conventional.</summary>
public static class ComparisonTable
{
    public static string Render(string title, SystemFigures ticketBooking, SystemFigures conventional)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(ticketBooking);
        ArgumentNullException.ThrowIfNull(conventional);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"## {title}")
            .AppendLine()
            .AppendLine("| | TicketBooking | conventional | TicketBooking / conventional |")
            .AppendLine("|---|---:|---:|---:|");
        Row(text, "answers/s", ticketBooking.AnsweredPerSecond, conventional.AnsweredPerSecond, ReportFormat.Rate);
        Row(text, "2xx answers/s", ticketBooking.SucceededPerSecond, conventional.SucceededPerSecond, ReportFormat.Rate);
        Row(text, "latency p50 ms", ticketBooking.LatencyP50, conventional.LatencyP50, Ms);
        Row(text, "latency p99 ms", ticketBooking.LatencyP99, conventional.LatencyP99, Ms);
        Row(text, "time to decision p50 ms", ticketBooking.DecisionP50, conventional.DecisionP50, Ms);
        Row(text, "time to decision p99 ms", ticketBooking.DecisionP99, conventional.DecisionP99, Ms);
        text.AppendLine(CultureInfo.InvariantCulture, $"| status codes | {ReportFormat.Counts(ticketBooking.StatusCodes)} | {ReportFormat.Counts(conventional.StatusCodes)} | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| no answer (transport errors, dropped) | {ReportFormat.Number(ticketBooking.TransportErrors)} | {ReportFormat.Number(conventional.TransportErrors)} | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| measured by | {ticketBooking.Source} | {conventional.Source} | |")
            .AppendLine()
            .AppendLine("TicketBooking answers 202 once the order is durable in its input log and decides it right after;")
            .AppendLine("the conventional service answers 201/409 with the decision. Ratios above 1 in the rates mean TicketBooking")
            .AppendLine("answers more; ratios below 1 in the latencies mean it answers sooner.")
            .AppendLine();
        return text.ToString();
    }

    /// <summary><paramref name="ticketBooking"/> / <paramref name="conventional"/> as <c>2.31x</c>; <c>-</c> when either is missing or the divisor is 0.</summary>
    public static string Ratio(double? ticketBooking, double? conventional) =>
        ticketBooking is { } numerator && conventional is { } denominator && denominator > 0
            ? (numerator / denominator).ToString("0.00", CultureInfo.InvariantCulture) + "x"
            : "-";

    private static void Row(StringBuilder text, string name, double? ticketBooking, double? conventional, Func<double, string> format) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Show(ticketBooking, format)} | {Show(conventional, format)} | {Ratio(ticketBooking, conventional)} |");

    private static string Show(double? value, Func<double, string> format) => value is { } figure ? format(figure) : "-";

    private static string Ms(double value) => ReportFormat.Ms(value);
}
