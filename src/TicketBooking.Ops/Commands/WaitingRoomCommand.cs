using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ops.Commands;

/// <summary>
/// <c>waiting-room --session N [--json]</c>: reads a session's waiting room and every visitor in position order
/// (<see cref="WaitingRoomReader"/>), checks them with <see cref="QueueAudit"/> and prints a summary and each finding.
/// Exit 0 when there is no finding, 1 when there is one or the session has no waiting room.
/// </summary>
public static class WaitingRoomCommand
{
    private const int FindingsShown = 20;

    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = new Option<long>("--session")
        {
            Description = "The session whose waiting room is audited.",
            Required = true,
            CustomParser = argument =>
            {
                if (argument.Tokens.Count == 1
                    && long.TryParse(argument.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1)
                {
                    return id;
                }

                argument.AddError("--session must be a session id of at least 1.");
                return 0;
            },
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (room, counts, visitors, stable, findings, ok) and nothing else on stdout." };
        var command = new Command(
            "waiting-room",
            "Audits a session's waiting room: the pre-queue's positions equal to the recorded seed's shuffle of its user ids, positions dense and unique, " +
            "admissions in position order and none above admitted_through, admitted_count equal to the admitted rows, no admission expiring before it began. " +
            "Reads schema waiting_room (TB_PG). Exit 0 when all hold, 1 otherwise or when the session has no waiting room.")
        {
            session,
            json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var sessionId = parseResult.GetValue(session);
            await using var dataSource = await OpsServices.ConnectPostgresAsync(parseResult.GetValue(options.Postgres)!, cancellationToken).ConfigureAwait(false);
            if (await new WaitingRoomReader(dataSource).ReadAsync(sessionId, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                await io.Error.WriteLineAsync($"session {sessionId} has no waiting room").ConfigureAwait(false);
                return ExitCodes.CheckFailed;
            }

            var findings = QueueAudit.Check(read.Room, read.VisitorsByPosition);
            await PrintAsync(io, read, findings, parseResult.GetValue(json)).ConfigureAwait(false);
            return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static async Task PrintAsync(OpsOutput io, WaitingRoomRead read, IReadOnlyList<QueueAuditFinding> findings, bool json)
    {
        var room = read.Room;
        var counts = read.Counts;
        if (json)
        {
            var document = new
            {
                room.Settings.SessionId,
                Phase = room.PhaseAt(DateTimeOffset.UtcNow),
                room.Seed,
                room.ShuffledAt,
                room.PreQueueSize,
                room.LastPosition,
                room.AdmittedThrough,
                room.AdmittedCount,
                room.SoldOutAt,
                room.Version,
                Counts = counts,
                Visitors = read.VisitorsByPosition.Count,
                read.Stable,
                Findings = findings,
                Ok = findings.Count == 0,
            };
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(document, LedgerAudit.Json)).ConfigureAwait(false);
            return;
        }

        var settings = room.Settings;
        io.Console.WriteLine(Invariant($"room of session {settings.SessionId}: {room.PhaseAt(DateTimeOffset.UtcNow)}, mode {settings.Mode}, {settings.AdmitPerMinute}/min, sale from {settings.SaleStartsAt:u} to {settings.ClosesAt:u}, version {room.Version}"));
        io.Console.WriteLine(room.Seed is { } seed
            ? Invariant($"shuffle: seed {seed} at {room.ShuffledAt:u}, pre-queue {room.PreQueueSize}")
            : "shuffle: not run yet");
        io.Console.WriteLine(Invariant($"positions: 1..{room.LastPosition} ({read.VisitorsByPosition.Count} read), admitted through {room.AdmittedThrough}, admitted {room.AdmittedCount}")
            + (room.SoldOutAt is { } soldOut ? Invariant($", sold out at {soldOut:u}") : ""));
        io.Console.WriteLine(Invariant($"counts: waiting {counts.Waiting}, admitted {counts.Admitted}, bought {counts.Bought}, abandoned {counts.Abandoned}, left {counts.Left}, unpositioned {counts.Unpositioned}"));
        if (!read.Stable)
        {
            io.Console.WriteLine(Invariant($"note: the admitter changed the room during each of {WaitingRoomReader.Attempts} reads; the counts may disagree with the rows read"));
        }

        foreach (var finding in findings.Take(FindingsShown))
        {
            io.Console.WriteLine($"  {finding.Kind}: {finding.Detail}");
        }

        if (findings.Count > FindingsShown)
        {
            io.Console.WriteLine(Invariant($"  ... and {findings.Count - FindingsShown} more findings (--json lists them all)"));
        }

        io.Console.MarkupLine(findings.Count == 0
            ? "[green]ok[/]: the queue is the recorded shuffle, then arrivals, admitted in position order"
            : "[red]FAILED[/]: the queue does not hold");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
