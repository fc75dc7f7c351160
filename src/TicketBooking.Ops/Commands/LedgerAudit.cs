using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using TicketBooking.Audit;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// What the audits of a wallet ledger against the journals (<c>money</c>, <c>loyalty</c>) share: their
/// <c>--wait</c>, <c>--buyers</c> and <c>--json</c> options, every partition's decisions, auditing again while work
/// is in flight, and the findings as lines.
/// </summary>
internal static class LedgerAudit
{
    private const int FindingsShown = 20;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Option<TimeSpan> WaitOption(string inFlight) => new("--wait")
    {
        Description = $"Audit again (every second) for up to this long while {inFlight} still in flight, such as 00:00:30. Default: once.",
        DefaultValueFactory = _ => TimeSpan.Zero,
    };

    public static Option<string?> BuyersOption(string description) => new("--buyers") { Description = description };

    public static Option<bool> JsonOption(string fields) =>
        new("--json") { Description = $"Print one JSON document ({fields}) and nothing else on stdout." };

    /// <summary>The scope the options give, or the one-line reason they are wrong (written to stderr).</summary>
    public static async Task<(TimeSpan Wait, BuyerRange? Buyers)?> ReadScopeAsync(
        ParseResult parseResult, Option<TimeSpan> wait, Option<string?> buyers, OpsOutput io)
    {
        var waitFor = parseResult.GetValue(wait);
        if (waitFor < TimeSpan.Zero)
        {
            await io.Error.WriteLineAsync("--wait cannot be negative.").ConfigureAwait(false);
            return null;
        }

        if (parseResult.GetValue(buyers) is not { } text)
        {
            return (waitFor, null);
        }

        if (!TryParseRange(text, out var range))
        {
            await io.Error.WriteLineAsync($"--buyers '{text}' is not FIRST..LAST with 0 < FIRST <= LAST.").ConfigureAwait(false);
            return null;
        }

        return (waitFor, range);
    }

    /// <summary>Parses <c>FIRST..LAST</c> with 0 &lt; FIRST &lt;= LAST, as <c>--buyers</c> takes it.</summary>
    internal static bool TryParseRange(string text, out BuyerRange range)
    {
        range = default;
        var parts = text.Split("..");
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first <= 0 || last < first)
        {
            return false;
        }

        range = new BuyerRange(first, last);
        return true;
    }

    /// <summary>
    /// Audits until <paramref name="settled"/> or <paramref name="wait"/> has passed. <paramref name="readLedger"/> reads
    /// the ledger and answers the audit of every partition's decisions, which are read after it: what the ledger
    /// shows was made for decisions the journal already holds.
    /// </summary>
    public static async Task<TReport> UntilSettledAsync<TReport>(
        OpsServices services,
        int partitionCount,
        Func<CancellationToken, Task<Func<IReadOnlyList<Decision>, TReport>>> readLedger,
        Func<TReport, bool> settled,
        TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var audit = await readLedger(cancellationToken).ConfigureAwait(false);
            var decisions = new List<Decision>();
            for (var partition = 0; partition < partitionCount; partition++)
            {
                await foreach (var batch in services.Journal.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
                {
                    decisions.AddRange(batch.Batch.Decisions);
                }
            }

            var report = audit(decisions);
            if (settled(report) || clock.Elapsed >= wait)
            {
                return report;
            }

            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public static void PrintFindings(OpsOutput io, IReadOnlyList<AuditFinding> findings)
    {
        foreach (var finding in findings.Take(FindingsShown))
        {
            io.Console.WriteLine($"  {finding.Code}: {finding.Message}");
        }

        if (findings.Count > FindingsShown)
        {
            io.Console.WriteLine($"  ... and {findings.Count - FindingsShown} more findings (--json lists them all)");
        }
    }
}
