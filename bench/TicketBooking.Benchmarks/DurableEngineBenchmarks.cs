using BenchmarkDotNet.Attributes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Pipeline;
using TicketBooking.Engine.State;
using TicketBooking.Messaging;

namespace TicketBooking.Benchmarks;

/// <summary>
/// Decisions journaled and acknowledged by JetStream through the real partition pipeline, next to the
/// raw ceiling of async JetStream publishing measured in the same run. Needs the local nats-server:
/// run through <c>./tb bench</c>. Deletes and recreates TB_INPUT and TB_DECISIONS.
/// </summary>
[InvocationCount(1)]
public class DurableEngineBenchmarks
{
    private const int Decisions = 40_000;
    private const int InFlight = 256;

    private NatsConnection _nats = null!;
    private NatsJSContext _js = null!;
    private Command[][] _commandsByPartition = [];

    [Params(1, 16)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _nats = new NatsConnection(BenchNats.Options("tb-bench-durable-engine"));
        await _nats.ConnectAsync();
        _js = new NatsJSContext(_nats);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _nats.DisposeAsync();

    [IterationSetup]
    public void ResetStreams()
    {
        ResetStreamsAsync().GetAwaiter().GetResult();
        var perPartition = Decisions / Partitions;
        _commandsByPartition = [.. Enumerable.Range(0, Partitions).Select(_ => DropCommands(perPartition))];
    }

    /// <summary>The ceiling: publishing one small message per decision to TB_DECISIONS, 256 acknowledgements in flight.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Decisions)]
    public async Task RawAsyncPublish()
    {
        var payload = new byte[64];
        var pending = new Queue<Task<PubAckResponse>>(InFlight);
        for (var i = 0; i < Decisions; i++)
        {
            if (pending.Count == InFlight)
            {
                (await pending.Dequeue()).EnsureSuccess();
            }

            pending.Enqueue(_js.PublishAsync(Subjects.Decisions(i % Partitions), payload).AsTask());
        }

        while (pending.Count > 0)
        {
            (await pending.Dequeue()).EnsureSuccess();
        }
    }

    /// <summary>The engine's pipelines, one per partition, deciding holds and journaling them fenced to JetStream.</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public async Task DurableEngine()
    {
        var pipelines = Enumerable.Range(0, Partitions)
            .Select(partition => new PartitionPipeline(partition, new EngineState(), new JetStreamDecisionJournal(_js, partition, 0)))
            .ToList();
        await Task.WhenAll(pipelines.Select((pipeline, partition) => Task.Run(() =>
        {
            var commands = _commandsByPartition[partition];
            for (var i = 0; i < commands.Length; i++)
            {
                pipeline.Submit(i + 1, 1_000 + i, commands[i]);
            }

            return pipeline.ShutdownAsync();
        })));
    }

    private static Command[] DropCommands(int decisions)
    {
        var rows = (decisions + 99) / 100;
        var layout = new Engine.Inventory.SessionLayout([.. Enumerable.Range(0, rows).Select(row => new Engine.Inventory.RowLayout($"R{row}", new byte[100]))]);
        return [new OpenSession(1, layout, [1_000], 60_000, 4, long.MaxValue), .. Enumerable.Range(0, decisions - 1).Select(i => new Purchase(Guid.NewGuid(), 1, i, SeatRequest.Explicit(i)))];
    }

    private async Task ResetStreamsAsync()
    {
        await JetStreamSetup.RecreateStreamsAsync(_js, new StreamSettings(), CancellationToken.None);
    }
}
