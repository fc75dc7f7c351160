using System.Globalization;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Engine.Commands;
using TicketBooking.Messaging;
using TicketBooking.Audit;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.State;

namespace TicketBooking.IntegrationTests.Ops;

/// <summary>tb-ops against journals written by <see cref="PlayedEngine"/> on a partition of the real streams.</summary>
[Collection(EngineStreams.Name)]
public sealed class OpsCliTests(ServicesFixture services, PartitionAllocator partitions) : IAsyncLifetime
{
    private readonly PlayedEngine _engine = new(services, partitions.Next());

    public Task InitializeAsync() => _engine.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Verify_passes_on_a_clean_journal_and_compares_the_snapshot()
    {
        await _engine.PlayCleanDropAsync();
        await _engine.SnapshotAsync();

        var run = await OpsCliRun.RunAsync(services, "verify", "--partition", Partition, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        var partition = Assert.Single(json.RootElement.GetProperty("partitions").EnumerateArray());
        Assert.Equal(_engine.Partition, partition.GetProperty("partition").GetInt32());
        Assert.Equal(2, partition.GetProperty("batches").GetInt64());
        Assert.Equal(_engine.Journal.Count, partition.GetProperty("decisions").GetInt64());
        Assert.Equal(10, partition.GetProperty("inputsChecked").GetInt64());
        Assert.True(partition.GetProperty("snapshotCompared").GetBoolean());
        Assert.Empty(partition.GetProperty("findings").EnumerateArray());
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Verify_fails_on_a_forged_double_sale()
    {
        await _engine.PlayCleanDropAsync();
        var sold = _engine.Engine.State.Orders.Values.First(o => o.Status == OrderStatus.Confirmed);
        var last = _engine.Journal[^1];
        var forged = new OrderHeld(last.Sequence + 1, last.InputSequence, Guid.NewGuid(), sold.SessionId, 99, [sold.Seats[0]], 5_000, long.MaxValue);
        await _engine.AppendAsync(new JournalBatch(_engine.Partition, last.InputSequence, [forged]));

        var json = await OpsCliRun.RunAsync(services, "verify", "--partition", Partition, "--json");
        var text = await OpsCliRun.RunAsync(services, "verify", "--partition", Partition);

        Assert.True(json.ExitCode == 1, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        Assert.False(document.RootElement.GetProperty("ok").GetBoolean());
        var codes = document.RootElement.GetProperty("partitions")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString());
        Assert.Contains(AuditCodes.SeatTakenTwice, codes);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains($"{AuditCodes.SeatTakenTwice}: Decision {forged.Sequence} holds seat {sold.Seats[0]}", text.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reexecute_reports_identical_then_the_divergence_of_a_forged_batch()
    {
        await _engine.PlayCleanDropAsync();

        var identical = await OpsCliRun.RunAsync(services, "reexecute", "--partition", Partition);

        Assert.True(identical.ExitCode == 0, identical.ToString());
        Assert.Contains($"identical: {_engine.Journal.Count} decisions", identical.Out, StringComparison.Ordinal);

        // The same inputs, journaled with one amount changed.
        await _engine.PurgeJournalAsync();
        var decisions = _engine.Journal.ToList();
        var index = decisions.FindLastIndex(d => d is OrderHeld);
        var changed = (OrderHeld)decisions[index];
        decisions[index] = changed with { Amount = changed.Amount + 1 };
        await _engine.AppendAsync(new JournalBatch(_engine.Partition, _engine.Engine.State.LastInputSequence, decisions));

        var diverged = await OpsCliRun.RunAsync(services, "reexecute", "--partition", Partition);

        Assert.True(diverged.ExitCode == 1, diverged.ToString());
        Assert.Contains($"divergence at decision {changed.Sequence} of partition {Partition}, after {changed.Sequence - 1} identical decisions", diverged.Out, StringComparison.Ordinal);
        Assert.Contains($"\"Amount\":{changed.Amount + 1}", diverged.Out, StringComparison.Ordinal);
        Assert.Contains($"input {changed.InputSequence} at ", diverged.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_prints_inputs_and_decisions_in_log_order()
    {
        var orders = await _engine.PlayCleanDropAsync();

        var run = await OpsCliRun.RunAsync(services, "order", orders[0].ToString(), "--partition", Partition);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"order {orders[0]} in partition {Partition}: 2 inputs, 2 decisions", lines[0], StringComparison.Ordinal);
        Assert.Collection(
            lines[1..],
            line => Assert.Contains("Purchase", line, StringComparison.Ordinal),
            line => Assert.Contains("OrderHeld", line, StringComparison.Ordinal),
            line => Assert.Contains("PaymentSucceeded", line, StringComparison.Ordinal),
            line => Assert.Contains("OrderConfirmed", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Order_finds_its_commands_inside_group_committed_batches()
    {
        await _engine.PlayCleanDropAsync();
        var session = _engine.Sessions[0];
        var order = Guid.NewGuid();
        var publisher = new InputPublisher(new NatsJSContext(services.Nats));
        await publisher.PublishBatchAsync(_engine.Partition, [new Purchase(Guid.NewGuid(), session, 7, SeatRequest.Explicit(9)), new Purchase(order, session, 8, SeatRequest.Explicit(8))], CancellationToken.None);
        await publisher.PublishBatchAsync(_engine.Partition, [new PaymentSucceeded(order, session), new PaymentFailed(Guid.NewGuid(), session, "unknown")], CancellationToken.None);
        await _engine.DecideAsync();

        var run = await OpsCliRun.RunAsync(services, "order", order.ToString(), "--partition", Partition);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"order {order} in partition {Partition}: 2 inputs, 2 decisions", lines[0], StringComparison.Ordinal);
        Assert.Contains("Purchase", lines[1], StringComparison.Ordinal);
        Assert.Contains("PaymentSucceeded", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_order_exits_1_with_one_line()
    {
        await _engine.PlayCleanDropAsync();

        var run = await OpsCliRun.RunAsync(services, "order", Guid.NewGuid().ToString(), "--partition", Partition);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_from_zero_and_from_a_snapshot_summarize_the_same_session()
    {
        await _engine.PlayCleanDropAsync();
        await _engine.SnapshotAsync();

        var fromZero = await OpsCliRun.RunAsync(services, "replay", "--partition", Partition);
        var fromSnapshot = await OpsCliRun.RunAsync(services, "replay", "--partition", Partition, "--from-snapshot");

        Assert.True(fromZero.ExitCode == 0, fromZero.ToString());
        Assert.True(fromSnapshot.ExitCode == 0, fromSnapshot.ToString());
        Assert.Contains("replayed 2 batches", fromZero.Out, StringComparison.Ordinal);
        Assert.Contains("from the snapshot at decision", fromSnapshot.Out, StringComparison.Ordinal);
        foreach (var run in new[] { fromZero, fromSnapshot })
        {
            Assert.Contains($"session {_engine.Sessions[0]}", run.Out, StringComparison.Ordinal);
            Assert.Contains("orders: Held 1, Confirmed 2, Rejected 1, Released 1; confirmed revenue 17500", run.Out, StringComparison.Ordinal);
        }
    }

    private string Partition => _engine.Partition.ToString(CultureInfo.InvariantCulture);
}
