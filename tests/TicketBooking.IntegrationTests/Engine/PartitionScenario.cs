using System.Globalization;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TicketBooking.Contracts;
using TicketBooking.Engine;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Journal;
using TicketBooking.Engine.State;
using TicketBooking.Storage;
using TicketBooking.IntegrationTests.Ops;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Engine;

/// <summary>
/// One partition of the shared streams, cleaned for a test: sessions that hash to it, inputs
/// published to it, and its journal read back and checked.
/// </summary>
internal sealed class PartitionScenario
{
    private readonly ServicesFixture _services;
    private readonly NatsJSContext _js;
    private readonly List<long> _outcomeInputs = [];

    private PartitionScenario(ServicesFixture services, int partition)
    {
        _services = services;
        Partition = partition;
        _js = new NatsJSContext(services.Nats);
        Publisher = new InputPublisher(_js);
        Journal = new JournalReader(_js);
    }

    public int Partition { get; }

    public InputPublisher Publisher { get; }

    public JournalReader Journal { get; }

    /// <summary>Input sequences that must each get exactly one outcome of their own.</summary>
    public IReadOnlyList<long> OutcomeInputs
    {
        get
        {
            lock (_outcomeInputs)
            {
                return [.. _outcomeInputs];
            }
        }
    }

    /// <summary>
    /// Fresh streams (deleting them also clears the Nats-Msg-Id duplicate window, which a purge keeps)
    /// and no engine snapshots, which would otherwise be ahead of the new, empty journals. Tests that
    /// use the streams share one xunit collection.
    /// </summary>
    public static async Task<PartitionScenario> CleanAsync(ServicesFixture services, int partition)
    {
        var scenario = new PartitionScenario(services, partition);
        await JetStreamSetup.RecreateStreamsAsync(scenario._js, new StreamSettings(), CancellationToken.None);
        await SchemaMigrator.ForEngine(services.Pg).MigrateAsync(CancellationToken.None);
        await using var delete = services.Pg.CreateCommand("DELETE FROM engine.snapshots WHERE partition < 1000");
        await delete.ExecuteNonQueryAsync();
        return scenario;
    }

    /// <summary>Session ids (from a random start) that nats-server maps to this partition.</summary>
    public IEnumerable<long> Sessions() => PartitionAllocator.SessionsOf(Partition);

    public static SessionLayout Hall(int rows, int seatsPerRow) =>
        new([.. Enumerable.Range(0, rows).Select(row => new RowLayout($"R{row + 1}", Enumerable.Repeat((byte)(row % 2), seatsPerRow).ToArray()))]);

    public async Task<long> OpenAsync(long sessionId, SessionLayout layout, long holdTimeoutMs = 60_000) =>
        await PublishAsync(new OpenSession(sessionId, layout, [7_000, 4_000], holdTimeoutMs, 8, DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds()));

    public async Task<long> PublishAsync(Command command, string? messageId = null)
    {
        var published = await Publisher.PublishAsync(command, messageId, CancellationToken.None);
        var sequence = (long)published.StreamSequence;
        lock (_outcomeInputs)
        {
            _outcomeInputs.Add(sequence);
        }

        return sequence;
    }

    /// <summary>A purchase of 1-3 seats among the first <paramref name="hotSeats"/>, or of adjacent seats, so buyers collide.</summary>
    public static Purchase RandomPurchase(long sessionId, int hotSeats, Random random)
    {
        var buyer = random.Next(1, 400);
        if (random.Next(3) == 0)
        {
            return new Purchase(Guid.NewGuid(), sessionId, buyer, SeatRequest.Adjacent(random.Next(1, 5), random.Next(2)));
        }

        var first = random.Next(hotSeats);
        return new Purchase(Guid.NewGuid(), sessionId, buyer, SeatRequest.Explicit([.. Enumerable.Range(first, random.Next(1, 4)).Where(seat => seat < hotSeats).Distinct()]));
    }

    /// <summary>Waits until the journal covers <paramref name="input"/>.</summary>
    public async Task WaitForJournalAsync(long input, TimeSpan? timeout = null, Func<string>? diagnostics = null) =>
        await Eventually.UntilAsync(
            LastJournaledInputAsync,
            covered => covered >= input,
            $"partition {Partition}'s journal to cover input {input}",
            timeout ?? TimeSpan.FromSeconds(90),
            diagnostics);

    public async Task<long> LastJournaledInputAsync()
    {
        var last = await Journal.LastStreamSequenceAsync(Partition, CancellationToken.None);
        if (last == 0)
        {
            return 0;
        }

        var stream = await _js.GetStreamAsync(Subjects.DecisionsStream);
        var message = await stream.GetAsync(new StreamMsgGetRequest { Seq = last });
        return EngineCodec.DeserializeBatch(message.Message.Data).LastInputSequence;
    }

    /// <summary>Waits until the session's latest published availability satisfies <paramref name="expected"/>.</summary>
    public async Task<SessionAvailability> WaitForAvailabilityAsync(long sessionId, Func<SessionAvailability, bool> expected)
    {
        var stream = await _js.GetStreamAsync(Subjects.AvailabilityStream);
        var latest = await Eventually.UntilAsync<SessionAvailability?>(
            async () =>
            {
                try
                {
                    var message = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = Subjects.Availability(sessionId) });
                    return SessionAvailability.Deserialize(message.Message.Data);
                }
                catch (NatsJSApiException e) when (e.Error.Code == 404)
                {
                    return null;
                }
            },
            availability => availability is not null && expected(availability),
            $"session {sessionId}'s availability");
        return latest!;
    }

    public async Task<List<JournaledBatch>> ReadJournalAsync()
    {
        var batches = new List<JournaledBatch>();
        await foreach (var batch in Journal.ReadAsync(Partition, 1, CancellationToken.None))
        {
            batches.Add(batch);
        }

        return batches;
    }

    /// <summary>
    /// Proves the partition with the operator CLI's <c>verify</c> (every input of the log has exactly one
    /// outcome, no seat in two live orders, a gap-free journal, the newest snapshot equal to the fold),
    /// checks that every input this test published was answered, and returns the journal's fold.
    /// </summary>
    public async Task<EngineState> VerifyJournalAsync()
    {
        var verify = await OpsCliRun.RunAsync(_services, "verify", "--partition", Partition.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.True(verify.ExitCode == 0, $"tb-ops verify failed: {verify}");

        var state = new EngineState();
        var answered = new HashSet<long>();
        foreach (var journaled in await ReadJournalAsync())
        {
            foreach (var decision in journaled.Batch.Decisions)
            {
                state.Apply(decision);
                answered.Add(decision.InputSequence);
            }
        }

        Assert.All(OutcomeInputs, input => Assert.Contains(input, answered));
        return state;
    }
}
