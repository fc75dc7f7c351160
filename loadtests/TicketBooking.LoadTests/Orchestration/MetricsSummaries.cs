using System.Globalization;
using System.Text.RegularExpressions;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// The lines a load test keeps from the services' Prometheus text (GET /metrics), and the one-line summaries it
/// prints from them: the wallet's settlement over the load, the order projection's transactions afterwards.
/// </summary>
public static partial class MetricsSummaries
{
    /// <summary>The wallet's settlement counters among <paramref name="metrics"/>.</summary>
    public static IEnumerable<string> WalletLines(string metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Lines(metrics).Where(line => WalletLine().IsMatch(line));
    }

    /// <summary>The order projection's gauges and histograms among <paramref name="metrics"/>.</summary>
    public static IEnumerable<string> ProjectionsLines(string metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Lines(metrics).Where(line => ProjectionsLine().IsMatch(line));
    }

    /// <summary>The ingress's orders answered 202 and not decided yet (<c>tb_ingress_orders_pending</c>); null when absent.</summary>
    public static double? PendingOrders(string metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Lines(metrics).FirstOrDefault(line => PendingLine().IsMatch(line)) is { } line ? Value(line) : null;
    }

    /// <summary>Settled payments per second of load and the mean batch sizes, from the counters of every wallet before and after.</summary>
    public static string Settlement(IEnumerable<string> before, IEnumerable<string> after, int seconds)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var (first, last) = (Totals(before), Totals(after));
        double Delta(string name) => last.GetValueOrDefault(name) - first.GetValueOrDefault(name);
        double settled = Delta("tb_wallet_payments_settled_total");
        double batches = Delta("tb_wallet_settlement_batch_orders_count");
        double orders = Delta("tb_wallet_settlement_batch_orders_sum");
        double messages = Delta("tb_wallet_settlement_batch_messages_sum");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"wallet: {(long)settled} payments settled in {seconds} s of load ({(seconds > 0 ? settled / seconds : 0):0}/s), {(long)batches} transactions, mean {(batches > 0 ? orders / batches : 0):0.0} orders and {(batches > 0 ? messages / batches : 0):0.0} journal messages per transaction");
    }

    /// <summary>The projection's transactions, their mean size and time, and the lag left, from <see cref="ProjectionsLines"/>.</summary>
    public static string Projections(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            values[Name(line)] = Value(line);
        }

        if (values.GetValueOrDefault("tb_projections_orders_writer") != 1)
        {
            return "projections: this worker did not write (another holds the projector lock)";
        }

        double n = values.GetValueOrDefault("tb_projections_orders_transaction_batches_count");
        double Mean(string name) => n > 0 ? values.GetValueOrDefault(name) / n : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"projections: {(long)n} transactions, mean {Mean("tb_projections_orders_transaction_batches_sum"):0.0} journal batches, {Mean("tb_projections_orders_transaction_orders_sum"):0.0} orders and {1000 * Mean("tb_projections_orders_transaction_duration_seconds_sum"):0.0} ms each; lag now {(long)values.GetValueOrDefault("tb_projections_orders_lag")} batches");
    }

    /// <summary>Each metric's total over its label sets (and over the wallets).</summary>
    private static Dictionary<string, double> Totals(IEnumerable<string> lines)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in lines.Where(line => !line.StartsWith('#') && line.Length > 0))
        {
            totals[Name(line)] = totals.GetValueOrDefault(Name(line)) + Value(line);
        }

        return totals;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(line => line.TrimEnd('\r'));

    /// <summary>The metric's name without its labels.</summary>
    private static string Name(string line)
    {
        int end = 0;
        while (end < line.Length && line[end] is not ('{' or ' '))
        {
            end++;
        }

        return line[..end];
    }

    /// <summary>The sample's value: the line's last field.</summary>
    private static double Value(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [.., var last] && double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    [GeneratedRegex("^tb_wallet_(payments_settled|refunds|settlement_batch_(orders|messages)_(sum|count))")]
    private static partial Regex WalletLine();

    [GeneratedRegex("^tb_projections_orders_(lag|writer|transaction_(batches|orders|duration_seconds)_(sum|count))[{ ]")]
    private static partial Regex ProjectionsLine();

    [GeneratedRegex("^tb_ingress_orders_pending[{ ]")]
    private static partial Regex PendingLine();
}
