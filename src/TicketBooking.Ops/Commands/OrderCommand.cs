using System.CommandLine;
using TicketBooking.Engine;
using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Commands;

/// <summary><c>order &lt;orderId&gt; [--partition N]</c>: every input that names an order and every decision about it, in log order.</summary>
public static class OrderCommand
{
    public static Command Create(OpsOptions options, OpsOutput io)
    {
        ArgumentNullException.ThrowIfNull(options);
        var orderId = new Argument<Guid>("orderId") { Description = "The order's id (a GUID)." };
        var partition = OpsOptions.CreatePartition("The order's partition; every partition is searched when it is left out.");
        var command = new Command("order", "Prints the full history of one order: its purchase, payments and cancel inputs and every decision about it, with sequences and times.")
        {
            orderId,
            partition,
        };
        OpsOptions.AddPartitionCheck(command, partition, required: false);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (options.SelectPartitions(parseResult, partition, io.Error) is not { } partitions)
            {
                return ExitCodes.Usage;
            }

            return await RunAsync(io, parseResult.GetValue(options.Nats)!, parseResult.GetValue(orderId), partitions, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(OpsOutput io, string nats, Guid orderId, int[] partitions, CancellationToken cancellationToken)
    {
        await using var services = await OpsServices.ConnectAsync(nats, postgres: null, cancellationToken).ConfigureAwait(false);

        // The journal says which partition has the order; only an order with no decision yet needs every input log read.
        foreach (var partition in partitions)
        {
            var decisions = await DecisionsAboutAsync(services, partition, orderId, cancellationToken).ConfigureAwait(false);
            if (decisions.Count > 0)
            {
                var events = await HistoryAsync(services, partition, orderId, decisions, cancellationToken).ConfigureAwait(false);
                await PrintAsync(io, orderId, partition, events).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }

        foreach (var partition in partitions)
        {
            var events = await HistoryAsync(services, partition, orderId, [], cancellationToken).ConfigureAwait(false);
            if (events.Count > 0)
            {
                await PrintAsync(io, orderId, partition, events).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }

        var where = partitions.Length == 1 ? $"partition {partitions[0]}" : $"partitions 0-{partitions.Length - 1}";
        await io.Error.WriteLineAsync($"order {orderId} not found in {where} (neither an input nor a decision names it)").ConfigureAwait(false);
        return ExitCodes.CheckFailed;
    }

    private static async Task<List<Decision>> DecisionsAboutAsync(OpsServices services, int partition, Guid orderId, CancellationToken cancellationToken)
    {
        var found = new List<Decision>();
        await foreach (var journaled in services.Journal.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
        {
            found.AddRange(journaled.Batch.Decisions.Where(d => Concerning.OrderOf(d) == orderId));
        }

        return found;
    }

    private static async Task<List<OrderEvent>> HistoryAsync(OpsServices services, int partition, Guid orderId, List<Decision> decisions, CancellationToken cancellationToken)
    {
        var causes = decisions.Select(d => d.InputSequence).ToHashSet();
        var times = new Dictionary<long, long>();
        var events = new List<OrderEvent>();
        await foreach (var input in services.Inputs.ReadAsync(partition, 1, cancellationToken).ConfigureAwait(false))
        {
            if (causes.Contains(input.Sequence))
            {
                times[input.Sequence] = input.TimestampMs;
            }

            foreach (var command in OrderHistory.CommandsFor(input.Command, orderId))
            {
                events.Add(new OrderEvent(input.Sequence, input.TimestampMs, input with { Command = command }, null));
            }
        }

        events.AddRange(decisions.Select(d => new OrderEvent(d.InputSequence, times.TryGetValue(d.InputSequence, out var t) ? t : null, null, d)));
        return [.. events.OrderBy(e => e.SortKey)];
    }

    private static async Task PrintAsync(OpsOutput io, Guid orderId, int partition, List<OrderEvent> events)
    {
        await io.Out.WriteLineAsync($"order {orderId} in partition {partition}: {events.Count(e => e.Input is not null)} inputs, {events.Count(e => e.Decision is not null)} decisions").ConfigureAwait(false);
        foreach (var e in events)
        {
            var time = e.TimestampMs is { } ms ? LogText.Time(ms) : "(input time gone)";
            var line = e.Input is { } input
                ? $"  input    {input.Sequence,10}  {time}  {LogText.Of(input.Command)}"
                : $"  decision {e.Decision!.Sequence,10}  {time}  (input {e.InputSequence}) {LogText.Of(e.Decision)}";
            await io.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (!events.Exists(e => e.Decision is not null))
        {
            await io.Out.WriteLineAsync("  no decision yet: the order reads as pending").ConfigureAwait(false);
        }
    }
}
