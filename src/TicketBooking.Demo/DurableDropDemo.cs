using TicketBooking.Engine;
using System.Diagnostics;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.Audit;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Messaging;

namespace TicketBooking.Demo;

/// <summary>
/// <c>durable</c>: once the engine host is up, publishes a generated drop into TB_INPUT as the ingress would,
/// follows the session's partition journal as a projection would, pays for most holds as the wallet would,
/// then prints the outcome and audits the partition's whole journal. The engine host keeps running afterwards.
/// </summary>
internal sealed class DurableDropDemo(
    DemoSettings settings,
    INatsJSContext js,
    EngineHostPartitions engine)
{
    private const int InFlight = 256;

    /// <summary>Runs the drop; true when the audit of the partition's journal passed.</summary>
    public async Task<bool> RunAsync(CancellationToken stoppingToken)
    {
        // A new session each run, on a partition the engine host owns.
        var hosted = await engine.HostedAsync(stoppingToken).ConfigureAwait(false);
        var sessionId = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        while (!hosted.Contains(SessionPartitioner.PartitionOf(sessionId, settings.PartitionCount)))
        {
            sessionId++;
        }

        var partition = SessionPartitioner.PartitionOf(sessionId, settings.PartitionCount);
        await engine.WaitUntilRunningAsync(partition, stoppingToken).ConfigureAwait(false);
        var output = Console.Out;
        await output.WriteLineAsync($"Demo: session {sessionId} (partition {partition}), {settings.Purchases:N0} purchase requests through JetStream...").ConfigureAwait(false);

        var random = new Random(settings.Seed ^ (int)sessionId);
        var publisher = new InputPublisher(js);
        var stopwatch = Stopwatch.StartNew();
        var commands = new List<Command> { DemoDrop.Open(sessionId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) };
        commands.AddRange(Enumerable.Range(0, settings.Purchases).Select(_ => DemoDrop.Purchase(random, sessionId)));
        var lastInput = await PublishAsync(publisher, commands, stoppingToken).ConfigureAwait(false);
        var follower = new JournalFollower(new JournalReader(js), partition);
        await follower.CatchUpAsync(lastInput, stoppingToken).ConfigureAwait(false);

        var payments = follower.Decisions.OfType<OrderHeld>()
            .Where(held => held.SessionId == sessionId)
            .Select(held => DemoDrop.Payment(random, held))
            .OfType<Command>()
            .ToList();
        lastInput = await PublishAsync(publisher, payments, stoppingToken).ConfigureAwait(false);
        await follower.CatchUpAsync(lastInput, stoppingToken).ConfigureAwait(false);
        stopwatch.Stop();

        var session = follower.State.Sessions[sessionId];
        var sessionDecisions = follower.Decisions.Where(d => Concerning.SessionOf(d) == sessionId).ToList();
        DropReport.Write(output, session, DemoDrop.CategoryNames, commands.Count + payments.Count, sessionDecisions, follower.Batches, stopwatch.Elapsed);
        var auditor = new JournalAuditor(partition);
        await foreach (var journaled in new JournalReader(js).ReadAsync(partition, 1, stoppingToken).ConfigureAwait(false))
        {
            auditor.AddBatch(journaled.Batch);
        }

        var report = auditor.Complete();
        await output.WriteLineAsync(report.Ok
            ? $"Audit of partition {partition}'s journal ({auditor.Decisions:N0} decisions): passed, no seat in two live orders, no gap."
            : $"Audit of partition {partition}'s journal FAILED: {string.Join("; ", report.Findings.Take(5).Select(f => f.Message))}").ConfigureAwait(false);
        await output.WriteLineAsync("Holds not paid expire on ticks in two minutes. The engine host keeps running.").ConfigureAwait(false);
        return report.Ok;
    }

    /// <summary>Publishes with up to 256 acknowledgements in flight, as several ingress requests would; returns the highest input sequence.</summary>
    private static async Task<long> PublishAsync(InputPublisher publisher, IReadOnlyList<Command> commands, CancellationToken cancellationToken)
    {
        var pending = new Queue<Task<PublishedInput>>(InFlight);
        var last = 0UL;
        foreach (var command in commands)
        {
            if (pending.Count == InFlight)
            {
                last = Math.Max(last, (await pending.Dequeue().ConfigureAwait(false)).StreamSequence);
            }

            var messageId = command is Purchase purchase ? purchase.OrderId.ToString() : null;
            pending.Enqueue(publisher.PublishAsync(command, messageId, cancellationToken).AsTask());
        }

        while (pending.Count > 0)
        {
            last = Math.Max(last, (await pending.Dequeue().ConfigureAwait(false)).StreamSequence);
        }

        return (long)last;
    }
}

/// <summary>What <c>durable</c> generates, and the partition count the engine hosts run with.</summary>
internal sealed record DemoSettings(int Purchases, int Seed, int PartitionCount = SessionPartitioner.DefaultPartitionCount);
