using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.State;
using TicketBooking.IntegrationTests.Engine;
using TicketBooking.IntegrationTests.Ingress;

namespace TicketBooking.IntegrationTests.Projections;

/// <summary>
/// The PostgreSQL order projection, written by the projections worker (a real process): reads of orders an
/// ingress does not hold in memory, agreement with the journal, restarts, one writer among several workers.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class OrderProjectionTests(ServicesFixture services, PartitionAllocator partitions)
{
    [Fact]
    public async Task An_order_decided_before_an_instance_started_reads_there_through_the_projection()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var projector = await ProjectorProcess.StartAsync(services);
        await using var first = await IngressInstance.StartAsync(services);
        var session = await first.CreateSessionAsync(scenario.Sessions().First(), rows: 2, seatsPerRow: 5);
        using var buyer = first.Client(buyerId: 71);
        using var rival = first.Client(buyerId: 72);

        var paidId = await AcceptedIdAsync(await IngressInstance.OrderAsync(buyer, session, Key(), new { seats = new[] { 0, 1 } }));
        Assert.Equal("held", (await IngressInstance.SettledOrderAsync(buyer, paidId)).GetProperty("status").GetString());
        var rejectedId = await AcceptedIdAsync(await IngressInstance.OrderAsync(rival, session, Key(), new { seats = new[] { 1 } }));
        Assert.Equal("rejected", (await IngressInstance.SettledOrderAsync(rival, rejectedId)).GetProperty("status").GetString());
        var paid = await scenario.PublishAsync(new PaymentSucceeded(paidId, session));
        await scenario.WaitForJournalAsync(paid);
        await WaitForProjectionAsync(scenario);

        // A cache of one order, filled by an order of its own: the earlier orders can only come from PostgreSQL.
        await using var second = await IngressInstance.StartAsync(services, "--Ingress:OrderCacheCapacity=1");
        using var secondBuyer = second.Client(buyerId: 71);
        using var secondRival = second.Client(buyerId: 72);
        var fillerId = await AcceptedIdAsync(await IngressInstance.OrderAsync(secondBuyer, session, Key(), new { seats = new[] { 9 } }));
        await IngressInstance.SettledOrderAsync(secondBuyer, fillerId);

        var order = await secondBuyer.GetFromJsonAsync<JsonElement>($"/api/orders/{paidId}");
        Assert.Equal("confirmed", order.GetProperty("status").GetString());
        Assert.Equal([0, 1], order.GetProperty("seats").EnumerateArray().Select(seat => seat.GetInt32()));
        Assert.Equal(7_000 * 2, order.GetProperty("amount").GetInt64());
        var tickets = order.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal([1L, 2L], tickets.Select(ticket => ticket.GetProperty("number").GetInt64()));
        Assert.Equal([0, 1], tickets.Select(ticket => ticket.GetProperty("seat").GetInt32()));
        Assert.Equal(2, tickets.Select(ticket => ticket.GetProperty("code").GetString()).Distinct().Count());
        Assert.Equal(tickets[0].GetProperty("code").GetString(), (await buyer.GetFromJsonAsync<JsonElement>($"/api/orders/{paidId}")).GetProperty("tickets")[0].GetProperty("code").GetString());
        var rejected = await secondRival.GetFromJsonAsync<JsonElement>($"/api/orders/{rejectedId}");
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("SeatTaken", rejected.GetProperty("reason").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await secondRival.GetAsync($"/api/orders/{paidId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secondBuyer.GetAsync($"/api/orders/{Guid.NewGuid()}")).StatusCode);

        // Cancelling: only the owner, only a held or paid order; a paid one is owed back.
        Assert.Equal(HttpStatusCode.NotFound, (await IngressInstance.CancelAsync(secondRival, paidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await IngressInstance.CancelAsync(secondRival, rejectedId)).StatusCode);
        var cancelling = await IngressInstance.CancelAsync(secondBuyer, paidId);
        Assert.Equal(HttpStatusCode.Accepted, cancelling.StatusCode);
        Assert.Equal($"/api/orders/{paidId}", cancelling.Headers.Location?.OriginalString);
        var cancelled = await IngressInstance.OrderInStatusAsync(secondBuyer, paidId, "cancelled");
        Assert.False(cancelled.TryGetProperty("tickets", out var none) && none.ValueKind == JsonValueKind.Array);
        var decisions = (await scenario.ReadJournalAsync()).SelectMany(batch => batch.Batch.Decisions).ToList();
        var refund = Assert.Single(decisions.OfType<RefundDue>(), due => due.OrderId == paidId);
        Assert.Equal(7_000 * 2, refund.Amount);
        Assert.Equal(HttpStatusCode.Conflict, (await IngressInstance.CancelAsync(secondBuyer, paidId)).StatusCode);
    }

    [Fact]
    public async Task The_projection_agrees_with_the_journal_after_a_burst()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var projector = await ProjectorProcess.StartAsync(services, new Dictionary<string, string> { ["Projections__BatchesPerTransaction"] = "3" });
        await using var ingress = await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=1000");
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 4, seatsPerRow: 25);

        var accepted = new ConcurrentBag<Guid>();
        var clients = Enumerable.Range(1, 40).Select(buyer => ingress.Client(buyerId: 800 + buyer)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, _) =>
        {
            var random = new Random(i);
            object body = i % 3 == 0
                ? new { count = random.Next(1, 4), category = random.Next(2) }
                : new { seats = Enumerable.Range(random.Next(60), random.Next(1, 4)).ToArray() };
            accepted.Add(await AcceptedIdAsync(await IngressInstance.OrderAsync(clients[i % clients.Length], session, Key(), body)));
        });

        // The same order ids again, straight into the log without a message id: the engine answers
        // Rejected(DuplicateOrder), which must not overwrite the orders' first outcomes.
        var again = accepted.Take(20).ToList();
        var last = 0L;
        foreach (var orderId in again)
        {
            last = await scenario.PublishAsync(new Purchase(orderId, session, 1, SeatRequest.Explicit([99])));
        }

        await scenario.WaitForJournalAsync(last);
        await WaitForProjectionAsync(scenario);

        var state = new EngineState();
        foreach (var batch in await scenario.ReadJournalAsync())
        {
            foreach (var decision in batch.Batch.Decisions)
            {
                state.Apply(decision);
            }
        }

        var rows = await ProjectedAsync(session);
        var orders = state.Orders.Values.Where(order => order.SessionId == session).ToList();
        Assert.Equal(300, orders.Count);
        Assert.Equal(orders.Select(order => order.OrderId).Order(), rows.Keys.Order());
        Assert.Equal(accepted.Order(), rows.Keys.Order());
        Assert.Contains(orders, order => order.Status == OrderStatus.Held);
        Assert.Contains(orders, order => order.Status == OrderStatus.Rejected);
        foreach (var order in orders)
        {
            var row = rows[order.OrderId];
            Assert.Equal(order.Status.ToString().ToLowerInvariant(), row.Status);
            Assert.Equal(order.BuyerId, row.BuyerId);
            Assert.Equal(order.RejectReason?.ToString(), row.Reason);
            if (order.Status == OrderStatus.Held)
            {
                Assert.Equal(order.Seats, row.Seats);
                Assert.Equal(order.Amount, row.Amount);
            }
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        await scenario.VerifyJournalAsync();
    }

    [Fact]
    public async Task An_ingress_stopped_mid_burst_loses_no_accepted_order()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var projector = await ProjectorProcess.StartAsync(services);
        var first = await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=1000");
        long session;
        var accepted = new ConcurrentDictionary<Guid, long>();
        var stopped = false;
        try
        {
            session = await first.CreateSessionAsync(scenario.Sessions().First(), rows: 10, seatsPerRow: 20);
            var clients = Enumerable.Range(1, 20).Select(buyer => first.Client(buyerId: 900 + buyer)).ToArray();
            using var halfway = new SemaphoreSlim(0);
            var burst = Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var buyerId = 900 + (i % clients.Length) + 1;
                try
                {
                    using var response = await IngressInstance.OrderAsync(clients[i % clients.Length], session, Key(), new { count = 1, category = i % 2 });
                    if (response.StatusCode == HttpStatusCode.Accepted && accepted.TryAdd(await AcceptedIdAsync(response), buyerId) && accepted.Count == 60)
                    {
                        halfway.Release();
                    }
                }
                catch (HttpRequestException)
                {
                    // The instance went away under this request: it got no 202, so nothing was promised.
                }
            });
            await halfway.WaitAsync(TimeSpan.FromSeconds(60));
            await first.DisposeAsync();
            stopped = true;
            await burst;
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            if (!stopped)
            {
                await first.DisposeAsync();
            }
        }

        Assert.True(accepted.Count >= 60, $"only {accepted.Count} orders were accepted before the stop");
        Assert.True(accepted.Count < 400, "the instance stopped only after the whole burst");

        await using var second = await IngressInstance.StartAsync(services, "--Ingress:OrderCacheCapacity=10", "--Ingress:BuyerRatePermits=100000");
        var buyers = accepted.Values.Distinct().ToDictionary(buyer => buyer, buyer => second.Client(buyerId: buyer));
        var open = new HashSet<Guid>(accepted.Keys);
        await Eventually.UntilAsync(async () =>
        {
            foreach (var orderId in open.ToList())
            {
                using var response = await buyers[accepted[orderId]].GetAsync($"/api/orders/{orderId}");
                if (response.StatusCode == HttpStatusCode.OK
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() is "held" or "rejected")
                {
                    open.Remove(orderId);
                }
            }

            return open.Count == 0;
        }, "every accepted order to read decided through the new instance");

        await WaitForProjectionAsync(scenario);
        var rows = await ProjectedAsync(session);
        Assert.All(accepted, pair => Assert.Equal(pair.Value, rows[pair.Key].BuyerId));
        foreach (var client in buyers.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Of_two_workers_one_writes_and_the_other_takes_over_when_it_dies()
    {
        var scenario = await PartitionScenario.CleanAsync(services, partitions.Next());
        await using var host = EngineHostProcess.Start(services, scenario.Partition);
        await host.WaitForStatusAsync(scenario.Partition, "Running");
        await using var one = await ProjectorProcess.StartAsync(services);
        await using var other = await ProjectorProcess.StartAsync(services);
        var writer = await SoleWriterAsync(one, other);
        var standby = writer == one ? other : one;
        Assert.Equal(HttpStatusCode.OK, await standby.ReadinessAsync());

        await using var ingress = await IngressInstance.StartAsync(services, "--Ingress:BuyerRatePermits=1000");
        var session = await ingress.CreateSessionAsync(scenario.Sessions().First(), rows: 2, seatsPerRow: 5);
        using var buyer = ingress.Client(buyerId: 1001);
        var firstId = await AcceptedIdAsync(await IngressInstance.OrderAsync(buyer, session, Key(), new { seats = new[] { 0 } }));
        await IngressInstance.SettledOrderAsync(buyer, firstId);
        await WaitForProjectionAsync(scenario);
        var journal = (double)await scenario.Journal.LastStreamSequenceAsync(scenario.Partition, CancellationToken.None);
        await Eventually.UntilAsync(
            async () => await writer.MetricAsync("tb_projections_orders_lag") == 0 && await writer.MetricAsync("tb_projections_orders_projected_sequence") >= journal,
            "the writer's lag gauge to read 0 at the journal's end");

        await writer.KillAsync();
        await Eventually.UntilAsync(standby.IsWritingAsync, "the standing-by worker to take over");
        var secondId = await AcceptedIdAsync(await IngressInstance.OrderAsync(buyer, session, Key(), new { seats = new[] { 1 } }));
        await IngressInstance.SettledOrderAsync(buyer, secondId);
        await WaitForProjectionAsync(scenario);
        var rows = await ProjectedAsync(session);
        Assert.Equal("held", rows[firstId].Status);
        Assert.Equal("held", rows[secondId].Status);
        Assert.Equal(HttpStatusCode.OK, await standby.ReadinessAsync());
    }

    /// <summary>The one of the two workers that writes, once one does; never both.</summary>
    private static async Task<ProjectorProcess> SoleWriterAsync(ProjectorProcess one, ProjectorProcess other)
    {
        ProjectorProcess? writer = null;
        await Eventually.UntilAsync(async () =>
        {
            var (oneWrites, otherWrites) = (await one.IsWritingAsync(), await other.IsWritingAsync());
            Assert.False(oneWrites && otherWrites, "both workers write");
            writer = oneWrites ? one : otherWrites ? other : null;
            return writer is not null;
        }, "one of the workers to write");
        return writer!;
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    private static async Task<Guid> AcceptedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
    }

    /// <summary>Waits until the projection's checkpoint for the partition reaches the partition's last journal batch.</summary>
    private async Task WaitForProjectionAsync(PartitionScenario scenario)
    {
        var journal = (long)await scenario.Journal.LastStreamSequenceAsync(scenario.Partition, CancellationToken.None);
        await Eventually.UntilAsync(async () =>
        {
            await using var command = services.Pg.CreateCommand("SELECT stream_sequence FROM projections.order_checkpoints WHERE partition = $1");
            command.Parameters.AddWithValue(scenario.Partition);
            return await command.ExecuteScalarAsync() is long projected && projected >= journal;
        }, $"the order projection to reach journal sequence {journal} of partition {scenario.Partition}");
    }

    private async Task<Dictionary<Guid, ProjectedOrder>> ProjectedAsync(long session)
    {
        await using var command = services.Pg.CreateCommand("SELECT order_id, buyer_id, status, seats, amount, reject_reason FROM projections.orders WHERE session_id = $1");
        command.Parameters.AddWithValue(session);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, ProjectedOrder>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetGuid(0), new ProjectedOrder(
                reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<int[]>(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    private sealed record ProjectedOrder(long BuyerId, string Status, int[]? Seats, long? Amount, string? Reason);
}
