using System.CommandLine;
using NATS.Client.Core;
using Npgsql;
using TicketBooking.Ops.Commands;

namespace TicketBooking.Ops;

/// <summary>The tb-ops command line: parses, runs one command, and turns every outcome into an exit code (<see cref="ExitCodes"/>).</summary>
public static class OpsCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var options = new OpsOptions();
        var io = new OpsOutput(output, error);
        var root = new RootCommand("tb-ops: the TicketBooking operator CLI. Reads TB_INPUT, TB_DECISIONS (TB_NATS_URL, as TB_NATS_USER with TB_NATS_PASSWORD), engine snapshots, the wallet ledger and the waiting rooms (TB_PG). " + ExitCodes.HelpText)
        {
            options.Nats,
            options.Postgres,
            options.PartitionCount,
            ReplayCommand.Create(options, io),
            VerifyCommand.Create(options, io),
            OrderCommand.Create(options, io),
            ReexecuteCommand.Create(options, io),
            MoneyCommand.Create(options, io),
            LoyaltyCommand.Create(options, io),
            WaitingRoomCommand.Create(options, io),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
        {
            await error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(e => e.Message))).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceUnavailableException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        catch (Exception e) when (e is NatsException or NpgsqlException)
        {
            await error.WriteLineAsync($"A service failed during the command: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
