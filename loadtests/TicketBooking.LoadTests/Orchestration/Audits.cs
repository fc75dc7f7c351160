using System.Text.Json;
using System.Text.RegularExpressions;
using TicketBooking.LoadTests.Audit;
using TicketBooking.LoadTests.Reporting;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// The checks after a load, each a PASS or FAIL line on stdout with its findings in the report folder: every accepted
/// order final (the generator's report), <c>tb-ops verify --all</c> over every partition, <c>tb-ops money</c> for the
/// run's buyers, and for the queue scenario <c>tb-ops waiting-room</c>. tb-ops comes from the same sources as the services.
/// </summary>
internal sealed partial class Audits(string workingTree, string folder, ServicePlan plan)
{
    private const int EchoedCharacters = 2000;

    private string Relative(string path) => Path.GetRelativePath(workingTree, path);

    /// <summary>Every accepted request of <paramref name="report"/> reached a decision; the lines also into audit.txt.</summary>
    public async Task<bool> ReportAsync(string report, CancellationToken cancellationToken)
    {
        if (!File.Exists(report))
        {
            Console.WriteLine($"FAIL no {Path.GetRelativePath(folder, report)}");
            return false;
        }

        RunReport parsed;
        try
        {
            parsed = JsonReport.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException error)
        {
            Console.WriteLine($"FAIL {Path.GetRelativePath(folder, report)} is not a report: {Cli.CliValues.OneLine(error.Message)}");
            return false;
        }

        var checks = ReportAudit.Check(parsed);
        var lines = checks.Select(check => check.ToString()).ToList();
        lines.ForEach(Console.WriteLine);
        await File.WriteAllLinesAsync(Path.Combine(folder, "audit.txt"), lines, cancellationToken).ConfigureAwait(false);
        return checks.All(check => check.Passed);
    }

    /// <summary>tb-ops verify --all --json while the engine host still runs, so holds and snapshots are current.</summary>
    public async Task<bool> VerifyAsync(CancellationToken cancellationToken)
    {
        var (code, json) = await OpsAsync("verify", ["verify", "--all", "--json"], cancellationToken).ConfigureAwait(false);
        if (code == 0 && OkTrue().IsMatch(await File.ReadAllTextAsync(json, cancellationToken).ConfigureAwait(false)))
        {
            Console.WriteLine("PASS tb-ops verify --all --json: ok (every partition: gap-free decisions, one outcome per input, no seat in two live orders, snapshot = fold)");
            return true;
        }

        Console.WriteLine($"FAIL tb-ops verify --all --json exited {code} (findings in {Relative(json)})");
        Echo("verify");
        return false;
    }

    /// <summary>The money: every confirmed order debited once, refunds matching debits, balances adding up, nothing in flight.</summary>
    public async Task<bool> MoneyAsync(long firstBuyer, long lastBuyer, CancellationToken cancellationToken)
    {
        var (code, json) = await OpsAsync("money", ["money", "--wait", "00:01:00", "--buyers", $"{firstBuyer}..{lastBuyer}", "--json"], cancellationToken).ConfigureAwait(false);
        if (code == 0)
        {
            Console.WriteLine("PASS tb-ops money --json: the ledger and the journal agree, no order paid twice, nothing in flight");
            return true;
        }

        Console.WriteLine($"FAIL tb-ops money exited {code} (findings in {Relative(json)})");
        Echo("money");
        return false;
    }

    /// <summary>tb-ops waiting-room: the queue's shuffle, positions and admissions as the store holds them.</summary>
    public async Task<bool> WaitingRoomAsync(long session, CancellationToken cancellationToken)
    {
        var (code, json) = await OpsAsync("waiting-room", ["waiting-room", "--session", session.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"], cancellationToken).ConfigureAwait(false);
        if (code == 0)
        {
            Console.WriteLine("PASS tb-ops waiting-room --json: the pre-queue is the recorded shuffle, positions dense, admissions in position order and counted once");
            return true;
        }

        Console.WriteLine($"FAIL tb-ops waiting-room exited {code} (findings in {Relative(json)})");
        Echo("waiting-room");
        return false;
    }

    /// <summary>Runs tb-ops with stdout into NAME.json and stderr into NAME.err.</summary>
    private async Task<(int Code, string Json)> OpsAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var json = Path.Combine(folder, name + ".json");
        var code = await ChildProcess.RunAsync(["dotnet", plan.OpsDll, .. arguments], plan.OpsDirectory, json, Path.Combine(folder, name + ".err"), NatsUser.Environment("ops"), cancellationToken).ConfigureAwait(false);
        return (code, json);
    }

    /// <summary>The start of NAME.json and NAME.err on stderr.</summary>
    private void Echo(string name)
    {
        foreach (var file in new[] { name + ".json", name + ".err" }.Select(file => Path.Combine(folder, file)).Where(File.Exists))
        {
            var text = File.ReadAllText(file);
            Console.Error.WriteLine($"==> {Relative(file)} <==");
            Console.Error.WriteLine(text.Length > EchoedCharacters ? text[..EchoedCharacters] : text);
        }
    }

    [GeneratedRegex("^ {0,2}\"ok\": ?true", RegexOptions.Multiline)]
    private static partial Regex OkTrue();
}
