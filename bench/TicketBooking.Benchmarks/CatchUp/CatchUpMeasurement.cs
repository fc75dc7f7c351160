using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Inventory;
using TicketBooking.Messaging;

namespace TicketBooking.Benchmarks.CatchUp;

/// <summary>
/// How fast a real engine host works off a backlog: queues inputs in TB_INPUT for one partition while no
/// engine runs it, then starts the engine host process on that partition alone and times the drain, from
/// the first journal batch it appends to the batch that covers the last queued input (recovery and start-up
/// excluded; they are printed apart). Needs the local nats-server and PostgreSQL: run through <c>./tb catchup</c>.
/// </summary>
internal static class CatchUpMeasurement
{
    private const int InFlight = 256;
    private const int SeatsPerSession = 100_000;

    public static async Task<int> RunAsync(CatchUpSettings settings)
    {
        await using var nats = new NatsConnection(BenchNats.Options("tb-catchup"));
        await nats.ConnectAsync();
        var js = new NatsJSContext(nats);
        // The engine host's replicas (Engine__Streams__Replicas, 3 under ./tb --cluster): with the default of 1 the setup
        // would scale a cluster's R3 streams down to R1 under the host it is about to measure.
        var replicas = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetValue("Engine:Streams:Replicas", 1);
        await JetStreamSetup.EnsureStreamsAsync(js, new StreamSettings { Replicas = replicas }, CancellationToken.None);
        var publisher = new InputPublisher(js);
        var journal = new JournalReader(js);

        var session = FreshSession(settings.Partition);
        var journaledBefore = await journal.LastStreamSequenceAsync(settings.Partition, CancellationToken.None);
        var queuing = Stopwatch.StartNew();
        var lastInput = await QueueAsync(publisher, session, settings);
        queuing.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"queued {settings.Inputs:N0} purchases for session {session} in partition {settings.Partition} as {(settings.Inputs + settings.Batch - 1) / settings.Batch:N0} log entries ({settings.Batch} per entry) in {queuing.Elapsed.TotalSeconds:0.0} s; last input {lastInput}"));

        if (await journal.LastStreamSequenceAsync(settings.Partition, CancellationToken.None) != journaledBefore)
        {
            Console.Error.WriteLine($"catchup: an engine host already decides partition {settings.Partition}; stop it (or pick another --partition) and measure again");
            return 1;
        }

        using var host = StartEngineHost(settings);
        var started = Stopwatch.StartNew();
        TimeSpan? firstBatchAt = null;
        var deadline = TimeSpan.FromMinutes(10);
        while (started.Elapsed < deadline)
        {
            if (host.HasExited)
            {
                Console.Error.WriteLine($"catchup: the engine host exited with {host.ExitCode}");
                return 1;
            }

            var last = await LastBatchAsync(js, settings.Partition);
            if (last is { } batch && batch.StreamSequence > journaledBefore)
            {
                firstBatchAt ??= started.Elapsed;
                if (batch.LastInputSequence >= lastInput)
                {
                    var drain = started.Elapsed - firstBatchAt.Value;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"first journal batch {firstBatchAt.Value.TotalSeconds:0.00} s after start (start-up and recovery); drained in {drain.TotalSeconds:0.00} s: {settings.Inputs / drain.TotalSeconds:N0} inputs/s"));
                    // A few seconds more let it save a snapshot, so the next measurement does not replay this one.
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    host.Kill(entireProcessTree: true);
                    return 0;
                }
            }

            await Task.Delay(10);
        }

        Console.Error.WriteLine("catchup: the backlog was not worked off within 10 minutes");
        host.Kill(entireProcessTree: true);
        return 1;
    }

    /// <summary>A new session id in the partition, so the measured hall is empty.</summary>
    private static long FreshSession(int partition)
    {
        var session = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;
        while (SessionPartitioner.PartitionOf(session) != partition)
        {
            session++;
        }

        return session;
    }

    private static async Task<long> QueueAsync(InputPublisher publisher, long session, CatchUpSettings settings)
    {
        var layout = new SessionLayout([.. Enumerable.Range(0, SeatsPerSession / 500).Select(row => new RowLayout($"R{row}", new byte[500]))]);
        var open = new OpenSession(session, layout, [5_000], 600_000, TicketEngine.MaxSeatsPerBuyerLimit, long.MaxValue);
        var last = (long)(await publisher.PublishAsync(open, $"open-{session}", CancellationToken.None)).StreamSequence;

        var random = new Random(settings.Seed);
        var pending = new Queue<Task<PublishedInput>>(InFlight);
        for (var queued = 0; queued < settings.Inputs; queued += settings.Batch)
        {
            var commands = new Command[Math.Min(settings.Batch, settings.Inputs - queued)];
            for (var i = 0; i < commands.Length; i++)
            {
                commands[i] = new Purchase(Guid.NewGuid(), session, random.Next(1, 1_000_000), SeatRequest.Explicit(random.Next(SeatsPerSession)));
            }

            if (pending.Count == InFlight)
            {
                last = Math.Max(last, (long)(await pending.Dequeue()).StreamSequence);
            }

            pending.Enqueue(commands.Length == 1
                ? publisher.PublishAsync(commands[0], ((Purchase)commands[0]).OrderId.ToString(), CancellationToken.None).AsTask()
                : publisher.PublishBatchAsync(settings.Partition, commands, CancellationToken.None).AsTask());
        }

        while (pending.Count > 0)
        {
            last = Math.Max(last, (long)(await pending.Dequeue()).StreamSequence);
        }

        return last;
    }

    private static async Task<(ulong StreamSequence, long LastInputSequence)?> LastBatchAsync(NatsJSContext js, int partition)
    {
        var stream = await js.GetStreamAsync(Subjects.DecisionsStream);
        try
        {
            var last = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = Subjects.Decisions(partition) });
            return (last.Message.Seq, EngineCodec.DeserializeBatch(last.Message.Data).LastInputSequence);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    private static Process StartEngineHost(CatchUpSettings settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(settings.EngineHost)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { settings.EngineHost, "run", "--partitions", settings.Partition.ToString(CultureInfo.InvariantCulture), "--urls", settings.EngineUrl })
        {
            start.ArgumentList.Add(argument);
        }

        var host = Process.Start(start) ?? throw new InvalidOperationException("Could not start the engine host.");
        host.OutputDataReceived += (_, line) => PrintRecovery(line.Data);
        host.ErrorDataReceived += (_, line) => PrintRecovery(line.Data);
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        return host;
    }

    /// <summary>The engine host's own account of its recovery; the rest of its log is not needed here.</summary>
    private static void PrintRecovery(string? line)
    {
        if (line is not null && (line.Contains("ecover", StringComparison.Ordinal) || line.Contains("fail", StringComparison.OrdinalIgnoreCase)))
        {
            Console.WriteLine($"  engine host: {line.Trim()}");
        }
    }
}

/// <summary>What <see cref="CatchUpMeasurement"/> queues and where the engine host is.</summary>
internal sealed record CatchUpSettings(string EngineHost, string EngineUrl, int Partition, int Inputs, int Batch, int Seed)
{
    /// <summary>Reads <c>catchup --engine-host PATH [--partition 0] [--inputs 200000] [--batch 1] [--engine-url URL] [--seed 1]</c>.</summary>
    public static CatchUpSettings Parse(IReadOnlyList<string> args)
    {
        string Value(string name, string fallback)
        {
            for (var i = 0; i < args.Count - 1; i++)
            {
                if (args[i] == name)
                {
                    return args[i + 1];
                }
            }

            return fallback;
        }

        int Number(string name, int fallback, int min) =>
            int.TryParse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{name} is a whole number of at least {min}.");

        var engineHost = Value("--engine-host", "");
        if (!File.Exists(engineHost))
        {
            throw new ArgumentException("--engine-host is the path of a built TicketBooking.Engine.Host.dll.");
        }

        return new CatchUpSettings(
            Path.GetFullPath(engineHost),
            Value("--engine-url", "http://127.0.0.1:5081"),
            Number("--partition", 0, 0),
            Number("--inputs", 200_000, 1),
            Math.Min(Number("--batch", 1, 1), InputBatch.MaxCommands),
            Number("--seed", 1, 0));
    }
}
