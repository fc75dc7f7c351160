using System.Diagnostics;
using System.Globalization;
using NATS.Client.Core;
using NATS.Client.JetStream;
using TicketBooking.Contracts;
using TicketBooking.IntegrationTests.Nats;
using TicketBooking.IntegrationTests.Wallet;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.Resilience;

/// <summary>
/// Issue 11 on the three-node cluster of <c>./tb up --cluster</c> (a cluster of each test's own, streams R3 as the
/// engine host creates them with Engine:Streams:Replicas=3, every service given all three URLs): a
/// <see cref="ChaosDrop"/> while one node at a time is SIGKILLed, or the whole cluster. With one node of three down a
/// quorum remains, so purchases go on being accepted; only while none exists may the ingress answer 503 (with
/// Retry-After). Either way every order answered 202 is decided, and tb-ops finds the journals and the money in order.
/// </summary>
[Collection(EngineStreams.Name)]
public sealed class NatsClusterChaosTests(PartitionAllocator partitions, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> ThreeReplicas = new() { ["Engine__Streams__Replicas"] = "3" };
    private static readonly string[] Streams = [Subjects.InputStream, Subjects.DecisionsStream, Subjects.AvailabilityStream];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan BetweenKills = TimeSpan.FromSeconds(4);

    /// <summary>A PubAck already on its way when the last node died may still arrive; after this none can.</summary>
    private static readonly TimeSpan InFlightAtKill = TimeSpan.FromMilliseconds(500);

    private readonly NatsTestCluster _cluster = new();
    private ChaosGround? _ground;

    private ServicesFixture Services => Ground.Services;

    private TestBuyers Buyers => Ground.Buyers;

    private ChaosGround Ground => _ground ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _ground = await ChaosGround.PrepareAsync(_cluster.Urls, _cluster.PasswordOf);
    }

    public async Task DisposeAsync()
    {
        if (_ground is not null)
        {
            await _ground.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Purchases_go_on_being_accepted_and_every_one_is_decided_while_a_follower_and_then_the_input_leader_are_killed()
    {
        await using var drop = await ChaosDrop.StartAsync(Services, Buyers, partitions.Next(2), ChaosSeed.Pick(output.WriteLine), ThreeReplicas);
        await AssertThreeReplicasAsync();

        var record = await drop.RunAsync(KillAFollowerThenTheLeaderAsync);
        output.WriteLine(record.Summary());

        foreach (var outage in record.Outages)
        {
            Assert.True(record.AnsweredDuring(outage).Any(answer => answer.IsAccepted), $"No purchase was accepted while {outage.What} was down. {record.Summary()}");
        }

        output.WriteLine(await drop.VerifyEveryAcceptedOrderDecidedAsync(record));
    }

    [Fact]
    public async Task Every_accepted_purchase_is_decided_after_the_whole_cluster_is_killed_and_started_again_on_its_data()
    {
        await using var drop = await ChaosDrop.StartAsync(Services, Buyers, partitions.Next(2), ChaosSeed.Pick(output.WriteLine), ThreeReplicas);
        await AssertThreeReplicasAsync();

        var record = await drop.RunAsync(KillTheClusterAsync);
        output.WriteLine(record.Summary());

        var outage = record.Outages.Single();
        var noQuorum = outage with { Down = outage.Down + InFlightAtKill, Up = outage.Restarting };
        Assert.DoesNotContain(record.AnsweredDuring(noQuorum), answer => answer.IsAccepted);
        Assert.Contains(record.AnsweredDuring(noQuorum), answer => answer.IsRetryLater);
        Assert.Contains(record.Readiness, sample => !sample.Ready && sample.At >= outage.Down && sample.At <= outage.Up);
        try
        {
            output.WriteLine(await drop.VerifyEveryAcceptedOrderDecidedAsync(record));
        }
        catch (Xunit.Sdk.XunitException e)
        {
            Assert.Fail($"{e.Message}\nEach node's replicas: {await ReplicaStatesAsync()}");
        }
    }

    /// <summary>What each node holds of the streams, to tell replicas that diverged from a reader that missed messages.</summary>
    private async Task<string> ReplicaStatesAsync()
    {
        var lines = new List<string>();
        for (var node = 0; node < NatsTestCluster.Size; node++)
        {
            try
            {
                var status = await _cluster.JetStreamStatusOfAsync(node, "?accounts=true&streams=true");
                foreach (var account in status.GetProperty("account_details").EnumerateArray())
                {
                    foreach (var stream in account.TryGetProperty("stream_detail", out var details) ? details.EnumerateArray() : default)
                    {
                        var state = stream.GetProperty("state");
                        lines.Add($"{_cluster.NameOf(node)} {stream.GetProperty("name").GetString()}: {state}");
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
            {
                lines.Add($"{_cluster.NameOf(node)}: {e.Message}");
            }
        }

        return "\n" + string.Join("\n", lines);
    }

    private async Task<IReadOnlyList<DropOutage>> KillAFollowerThenTheLeaderAsync(Stopwatch clock)
    {
        await Task.Delay(Warmup);
        var leader = await InputLeaderAsync(except: null);
        var follower = (leader + 1) % NatsTestCluster.Size;
        var followerDown = await KillNodeForAWhileAsync(follower, $"follower {_cluster.NameOf(follower)}", clock);

        await Task.Delay(BetweenKills);
        leader = await InputLeaderAsync(except: null);
        var leaderDown = await KillNodeForAWhileAsync(leader, $"TB_INPUT leader {_cluster.NameOf(leader)}", clock);
        return [followerDown, leaderDown];
    }

    private async Task<DropOutage> KillNodeForAWhileAsync(int node, string what, Stopwatch clock)
    {
        await _cluster.KillAsync(node);
        var down = clock.Elapsed;
        var leader = await InputLeaderAsync(except: node);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what} killed at {down.TotalSeconds:F1} s; TB_INPUT led by {_cluster.NameOf(leader)} at {clock.Elapsed.TotalSeconds:F1} s"));
        var remaining = down + DownFor - clock.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        var restarting = clock.Elapsed;
        await _cluster.StartAsync(node);
        return new DropOutage(what, down, restarting, clock.Elapsed);
    }

    private async Task<IReadOnlyList<DropOutage>> KillTheClusterAsync(Stopwatch clock)
    {
        await Task.Delay(Warmup);
        await _cluster.KillAllAsync();
        var down = clock.Elapsed;
        await Task.Delay(DownFor);
        var restarting = clock.Elapsed;
        await _cluster.StartAllAsync();
        var up = clock.Elapsed;
        var leader = await InputLeaderAsync(except: null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster killed at {down.TotalSeconds:F1} s, started again by {up.TotalSeconds:F1} s; TB_INPUT led by {_cluster.NameOf(leader)} at {clock.Elapsed.TotalSeconds:F1} s"));
        return [new DropOutage("the whole cluster", down, restarting, up)];
    }

    private async Task AssertThreeReplicasAsync()
    {
        var js = new NatsJSContext(Services.Nats);
        foreach (var stream in Streams)
        {
            Assert.Equal(3, (await js.GetStreamAsync(stream)).Info.Config.NumReplicas);
        }
    }

    /// <summary>The node leading TB_INPUT, once one other than <paramref name="except"/> leads it (the test's own connection may be reconnecting meanwhile).</summary>
    private async Task<int> InputLeaderAsync(int? except)
    {
        var js = new NatsJSContext(Services.Nats);
        return await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var leader = (await js.GetStreamAsync(Subjects.InputStream, cancellationToken: timeout.Token)).Info.Cluster?.Leader;
                    return leader is { Length: > 0 } ? _cluster.IndexOf(leader) : -1;
                }
                catch (Exception e) when (e is NatsException or OperationCanceledException)
                {
                    return -1;
                }
            },
            node => node >= 0 && node != except,
            except is null ? "a TB_INPUT leader" : $"a TB_INPUT leader other than {_cluster.NameOf(except.Value)}");
    }
}
