using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TicketBooking.Storage;
using TicketBooking.WaitingRoom;
using Xunit.Abstractions;

namespace TicketBooking.IntegrationTests.WaitingRoom;

/// <summary>The waiting room's store and admitter against PostgreSQL, each test in a scratch database of its own.</summary>
[Collection(LocalServices.Name)]
public sealed class WaitingRoomStoreTests(ServicesFixture services, ITestOutputHelper output)
{
    private const long Session = 1;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Configuring_creates_the_room_then_updates_it_and_a_started_room_keeps_its_window()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10));

        var created = await room.Store.ConfigureAsync(settings, None);
        Assert.Equal(1, created.Version);
        Assert.Equal(settings, created.Settings);
        Assert.Null(created.Seed);

        var moved = settings with { SaleStartsAt = settings.SaleStartsAt.AddMinutes(1), CreatedBy = 501 };
        var updated = await room.Store.ConfigureAsync(moved, None);
        Assert.Equal(2, updated.Version);
        Assert.Equal(moved with { CreatedBy = 500 }, updated.Settings);

        await room.StepAsync(moved.SaleStartsAt);
        await Assert.ThrowsAsync<RoomAlreadyStartedException>(() => room.Store.ConfigureAsync(moved with { SaleStartsAt = moved.SaleStartsAt.AddMinutes(1) }, None));
        var faster = await room.Store.ConfigureAsync(moved with { AdmitPerMinute = 600, Mode = AdmissionMode.Seats, OfferLifetime = TimeSpan.FromMinutes(2) }, None);
        Assert.Equal((600, AdmissionMode.Seats, TimeSpan.FromMinutes(2)), (faster.Settings.AdmitPerMinute, faster.Settings.Mode, faster.Settings.OfferLifetime));
        Assert.NotNull(faster.Seed);

        await Assert.ThrowsAsync<ArgumentException>(() => room.Store.ConfigureAsync(settings with { SessionId = 2, AdmitPerMinute = 0 }, None));
        Assert.Null(await room.Store.GetAsync(2, None));
        Assert.Equal([Session], (await room.Store.ListAsync(None)).Select(status => status.Settings.SessionId));
    }

    [Fact]
    public async Task Configuring_and_each_admitter_change_notify_the_room()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        await using var listener = await room.UnpooledPg.OpenConnectionAsync();
        var payloads = new List<string>();
        listener.Notification += (_, notification) => payloads.Add(notification.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {WaitingRoomStore.NotifyChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10));
        await room.Store.ConfigureAsync(settings, None);
        await room.Store.JoinAsync(Session, 11, None);
        Assert.Equal([Session], await room.StepAsync(settings.SaleStartsAt));
        Assert.Empty(await room.StepAsync(settings.SaleStartsAt));

        await Eventually.UntilAsync(
            async () => payloads.Count >= 2 || await listener.WaitAsync(TimeSpan.FromMilliseconds(100)) && payloads.Count >= 2,
            "the configuration's and the step's notifications",
            diagnostics: () => string.Join(", ", payloads));
        Assert.Equal(["1", "1"], payloads);
    }

    [Fact]
    public async Task A_join_is_idempotent_and_a_leave_takes_the_visitor_out()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        await room.Store.ConfigureAsync(WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10)), None);

        var (first, created) = await room.Store.JoinAsync(Session, 11, None);
        var (again, createdAgain) = await room.Store.JoinAsync(Session, 11, None);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, again);
        Assert.Equal(first, await room.Store.GetVisitorAsync(Session, 11, None));
        Assert.Null(first.Position);
        Assert.Null(await room.Store.GetVisitorAsync(Session, 12, None));

        Assert.True(await room.Store.LeaveAsync(Session, 11, None));
        Assert.False(await room.Store.LeaveAsync(Session, 11, None));
        Assert.False(await room.Store.LeaveAsync(Session, 12, None));
        Assert.NotNull((await room.Store.GetVisitorAsync(Session, 11, None))!.LeftAt);

        var (back, rejoined) = await room.Store.JoinAsync(Session, 11, None);
        Assert.True(rejoined);
        Assert.Null(back.LeftAt);
        Assert.True(back.Arrival > first.Arrival, "a visitor who left and comes back arrives anew");
        await Assert.ThrowsAsync<PostgresException>(() => room.Store.JoinAsync(2, 11, None));
    }

    [Fact]
    public async Task The_pre_queue_is_shuffled_with_the_recorded_seed_and_later_joins_queue_behind_in_arrival_order()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10));
        await room.Store.ConfigureAsync(settings, None);
        var early = Enumerable.Range(1, 200).Select(i => (long)(i * 37 % 1_000 + 1_000)).ToArray();
        await room.JoinAllAsync(Session, early);
        await room.Store.JoinAsync(Session, 999, None);
        await room.Store.LeaveAsync(Session, 999, None);
        Assert.True(QueueStandings.Of((await room.Store.GetVisitorAsync(Session, early[0], None))!, await room.RoomAsync(Session), settings.SaleStartsAt.AddSeconds(-1)).PreQueue);

        await room.StepAsync(settings.SaleStartsAt.AddMilliseconds(10));
        long[] late = [5, 3, 4];
        await room.JoinAllAsync(Session, late);
        await room.StepAsync(settings.SaleStartsAt.AddSeconds(1));

        var status = await room.RoomAsync(Session);
        var visitors = await room.VisitorsAsync(Session);
        Assert.NotNull(status.Seed);
        Assert.Equal(200, status.PreQueueSize);
        Assert.Equal(203, status.LastPosition);
        Assert.Equal(SeededShuffle.Order([.. early.Order()], status.Seed!.Value), visitors.Take(200).Select(visitor => visitor.UserId));
        Assert.Equal(late, visitors.Skip(200).Select(visitor => visitor.UserId));
        Assert.Null((await room.Store.GetVisitorAsync(Session, 999, None))!.Position);
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task Admission_follows_the_rate_over_time_in_position_order()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 120);
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 300).Select(i => (long)i));

        for (var second = 0; second <= 120; second += 3)
        {
            var at = settings.SaleStartsAt.AddSeconds(second).AddMilliseconds(second % 7 * 100);
            await room.StepAsync(at);
            var status = await room.RoomAsync(Session);
            Assert.Equal(Math.Min(300, AdmissionPlan.Target(settings, at)), status.AdmittedCount);
            Assert.Equal(status.AdmittedCount, status.AdmittedThrough);
        }

        var visitors = await room.VisitorsAsync(Session);
        Assert.Equal(242, visitors.Count(visitor => visitor.AdmittedAt is not null));
        Assert.All(visitors.Take(242), visitor => Assert.Equal(visitor.AdmittedAt!.Value + settings.AdmissionLifetime, visitor.AdmissionExpiresAt));
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task Nobody_is_admitted_twice_across_steps_and_a_restarted_admitter()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 600);
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 150).Select(i => (long)i));

        for (var step = 0; step < 5; step++)
        {
            await room.StepAsync(settings.SaleStartsAt.AddSeconds(step));
        }

        var before = await room.VisitorsAsync(Session);
        var statusBefore = await room.RoomAsync(Session);
        room.NewAdmitter();
        Assert.Empty(await room.StepAsync(settings.SaleStartsAt.AddSeconds(4)));
        Assert.Equal(before, await room.VisitorsAsync(Session));
        Assert.Equal(statusBefore, await room.RoomAsync(Session));

        for (var step = 5; step < 30; step++)
        {
            await room.StepAsync(settings.SaleStartsAt.AddSeconds(step));
        }

        var after = await room.VisitorsAsync(Session);
        Assert.Equal(150, after.Count(visitor => visitor.AdmittedAt is not null));
        Assert.All(before.Where(visitor => visitor.AdmittedAt is not null), admitted => Assert.Contains(admitted, after));
        Assert.Equal(150, (await room.RoomAsync(Session)).AdmittedCount);
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task An_admitter_whose_clock_is_behind_dates_no_admission_before_the_last_one()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 60);
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 30).Select(i => (long)i));
        await room.StepAsync(settings.SaleStartsAt.AddSeconds(9));
        await room.Store.ConfigureAsync(settings with { AdmitPerMinute = 6_000 }, None);

        room.NewAdmitter();
        await room.StepAsync(settings.SaleStartsAt.AddSeconds(8));

        var admitted = (await room.VisitorsAsync(Session)).Where(visitor => visitor.AdmittedAt is not null).ToArray();
        Assert.Equal(30, admitted.Length);
        Assert.All(admitted, visitor => Assert.Equal(settings.SaleStartsAt.AddSeconds(9), visitor.AdmittedAt));
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task In_seats_mode_no_more_are_admitted_than_seats_are_free_beyond_the_outstanding_admissions()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), AdmissionMode.Seats, admitPerMinute: 600, admissionLifetime: TimeSpan.FromMinutes(2));
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 50).Select(i => (long)i));
        var start = settings.SaleStartsAt;
        var free = 4;

        await room.StepAsync(start, _ => free);
        Assert.Equal(4, (await room.RoomAsync(Session)).AdmittedCount);
        Assert.Empty(await room.StepAsync(start.AddSeconds(5), _ => free));

        // Two admitted buyers order (their seats are taken); two seats more come free.
        var admitted = (await room.VisitorsAsync(Session)).Take(2).ToArray();
        foreach (var visitor in admitted)
        {
            await room.Store.MarkOrderedAsync(Session, visitor.UserId, Guid.NewGuid(), None);
        }

        free = 5;
        await room.StepAsync(start.AddSeconds(10), _ => free);
        Assert.Equal(4 + 3, (await room.RoomAsync(Session)).AdmittedCount);

        // Unknown free seats admit nobody in seats mode; expired admissions stop counting against the seats.
        Assert.Empty(await room.StepAsync(start.AddSeconds(15)));
        await room.StepAsync(start.AddMinutes(3), _ => free);
        Assert.Equal(7 + 5, (await room.RoomAsync(Session)).AdmittedCount);
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task A_sell_out_stops_admission_and_freed_seats_go_to_the_waiting_list_as_expiring_offers()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 60, offerLifetime: TimeSpan.FromMinutes(1));
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 40).Select(i => (long)i));
        var start = settings.SaleStartsAt;

        await room.StepAsync(start.AddSeconds(9), _ => 100);
        Assert.Equal(10, (await room.RoomAsync(Session)).AdmittedCount);

        Assert.Equal([Session], await room.StepAsync(start.AddSeconds(10), _ => 0));
        var soldOut = await room.RoomAsync(Session);
        Assert.Equal(start.AddSeconds(10), soldOut.SoldOutAt);
        Assert.Equal(RoomPhase.SoldOut, soldOut.PhaseAt(start.AddSeconds(10)));
        Assert.Equal(10, soldOut.AdmittedCount);
        Assert.Empty(await room.StepAsync(start.AddSeconds(30), _ => 0));

        // The ten admitted earlier let their admissions run out (10 minutes); two seats come free.
        var offeredAt = start.AddMinutes(11);
        await room.StepAsync(offeredAt, _ => 2);
        var offers = (await room.VisitorsAsync(Session)).Skip(10).Take(2).ToArray();
        Assert.All(offers, offer => Assert.True(offer.Offer && offer.AdmittedAt == offeredAt && offer.AdmissionExpiresAt == offeredAt.AddMinutes(1)));
        Assert.Empty(await room.StepAsync(offeredAt.AddSeconds(30), _ => 2));

        // Unclaimed, the offers expire and the seats go to the next two.
        await room.StepAsync(offeredAt.AddMinutes(1), _ => 2);
        var status = await room.RoomAsync(Session);
        Assert.Equal((14L, 14L), (status.AdmittedCount, status.AdmittedThrough));
        Assert.Equal(soldOut.SoldOutAt, status.SoldOutAt);
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task A_visitor_who_left_is_passed_over_and_coming_back_keeps_a_place_not_yet_reached()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 60);
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 20).Select(i => (long)i));
        var start = settings.SaleStartsAt;
        await room.StepAsync(start);
        var queue = (await room.VisitorsAsync(Session)).Select(visitor => visitor.UserId).ToArray();

        // Positions 2 and 3 leave; 2 comes back before admission reaches them, 3 after.
        Assert.True(await room.Store.LeaveAsync(Session, queue[1], None));
        Assert.True(await room.Store.LeaveAsync(Session, queue[2], None));
        Assert.False(await room.Store.LeaveAsync(Session, queue[0], None));
        var (back, _) = await room.Store.JoinAsync(Session, queue[1], None);
        Assert.Equal(2, back.Position);
        await room.StepAsync(start.AddSeconds(2));
        var (late, rejoined) = await room.Store.JoinAsync(Session, queue[2], None);

        Assert.False(rejoined);
        Assert.NotNull(late.LeftAt);
        Assert.Equal(StandingState.Left, QueueStandings.Of(late, await room.RoomAsync(Session), start.AddSeconds(2)).State);
        var visitors = await room.VisitorsAsync(Session);
        Assert.Equal([1L, 2, 4], visitors.Where(visitor => visitor.AdmittedAt is not null).Select(visitor => visitor.Position!.Value));
        Assert.Equal(4, (await room.RoomAsync(Session)).AdmittedThrough);
        Assert.Empty(await room.AuditAsync(Session));
    }

    [Fact]
    public async Task Only_the_first_order_of_an_admitted_visitor_is_marked()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10));
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, [1, 2]);
        await room.StepAsync(settings.SaleStartsAt);
        var admitted = (await room.VisitorsAsync(Session))[0].UserId;
        var waiting = (await room.VisitorsAsync(Session))[1].UserId;
        var first = Guid.NewGuid();

        await room.Store.MarkOrderedAsync(Session, admitted, first, None);
        await room.Store.MarkOrderedAsync(Session, admitted, Guid.NewGuid(), None);
        await room.Store.MarkOrderedAsync(Session, waiting, Guid.NewGuid(), None);

        var ordered = await room.Store.GetVisitorAsync(Session, admitted, None);
        Assert.Equal(first, ordered!.OrderId);
        Assert.NotNull(ordered.OrderedAt);
        Assert.Null((await room.Store.GetVisitorAsync(Session, waiting, None))!.OrderId);
    }

    [Fact]
    public async Task The_counts_tell_waiting_admitted_bought_abandoned_left_and_unpositioned()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);

        // The sale started an hour ago by the database's clock, so the admissions the admitter makes at its start have
        // expired by that clock.
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromHours(-1), admitPerMinute: 240);
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 10).Select(i => (long)i));
        await room.StepAsync(settings.SaleStartsAt);
        var queue = await room.VisitorsAsync(Session);
        var confirmed = Guid.NewGuid();
        await room.Store.MarkOrderedAsync(Session, queue[0].UserId, confirmed, None);
        await room.Store.MarkOrderedAsync(Session, queue[1].UserId, Guid.NewGuid(), None);
        await room.Store.LeaveAsync(Session, queue[9].UserId, None);
        await room.JoinAllAsync(Session, [11, 12]);

        Assert.Equal(new RoomCounts(Waiting: 5, Admitted: 4, Bought: 0, Abandoned: 2, Left: 1, Unpositioned: 2), await room.Store.CountAsync(Session, None));

        await room.ExecuteAsync(
            """
            CREATE SCHEMA projections;
            CREATE TABLE projections.orders (order_id uuid PRIMARY KEY, session_id bigint NOT NULL, status text NOT NULL);
            """);
        await room.ExecuteAsync("INSERT INTO projections.orders VALUES ($1, 1, 'confirmed'), ($2, 1, 'held')", confirmed, Guid.NewGuid());
        Assert.Equal(1, (await room.Store.CountAsync(Session, None)).Bought);
        Assert.Equal(new RoomCounts(0, 0, 0, 0, 0, 0), await room.Store.CountAsync(2, None));
    }

    [Fact]
    public async Task Only_the_holder_of_the_admitter_lock_writes_and_the_next_holder_goes_on()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 60);
        await room.Store.ConfigureAsync(settings, None);
        await room.JoinAllAsync(Session, Enumerable.Range(1, 30).Select(i => (long)i));
        var key = new AdvisoryLockKey(AdvisoryLockClasses.WaitingRoomAdmitter, 0);
        var options = new SessionLockOptions { ApplicationName = "tb-it-waiting-room" };
        var first = new WaitingRoomAdmitter(room.Clock, NullLogger<WaitingRoomAdmitter>.Instance);
        var second = new WaitingRoomAdmitter(room.Clock, NullLogger<WaitingRoomAdmitter>.Instance);

        var holder = await SessionLock.TryAcquireAsync(room.UnpooledPg, key, options, None);
        Assert.NotNull(holder);
        Assert.Null(await SessionLock.TryAcquireAsync(room.UnpooledPg, key, options, None));
        room.Clock.Now = settings.SaleStartsAt.AddSeconds(4);
        Assert.Equal([Session], await first.StepAsync(holder.Connection, _ => null, None));

        // The holder's session ends: its lock, and with it its connection, are gone; a step on it cannot write.
        await holder.CloseAsync();
        room.Clock.Now = settings.SaleStartsAt.AddSeconds(9);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => first.StepAsync(holder.Connection, _ => null, None));
        Assert.Equal(5, (await room.RoomAsync(Session)).AdmittedCount);

        await using var next = await SessionLock.AcquireAsync(room.UnpooledPg, key, options, None);
        Assert.Equal([Session], await second.StepAsync(next.Connection, _ => null, None));
        Assert.Equal(10, (await room.RoomAsync(Session)).AdmittedCount);
        Assert.Empty(await room.AuditAsync(Session));
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task Random_joins_leaves_sell_outs_and_steps_keep_the_audit_clean()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        for (var run = 0; run < 6; run++)
        {
            var seed = 15_300 + run;
            var random = new Random(seed);
            var sessionId = 100 + run;
            var mode = random.Next(2) == 0 ? AdmissionMode.Rate : AdmissionMode.Seats;
            var settings = WaitingRoomStoreTestRoom.Configure(sessionId, TimeSpan.FromMinutes(10), mode, admitPerMinute: random.Next(1, 300));
            await room.Store.ConfigureAsync(settings, None);
            var users = Enumerable.Range(1, 40).Select(i => (long)i).ToArray();
            await room.JoinAllAsync(sessionId, users.Where(_ => random.Next(3) > 0));
            var at = settings.SaleStartsAt;
            var free = random.Next(0, 30);
            for (var action = 0; action < 60; action++)
            {
                var user = users[random.Next(users.Length)];
                switch (random.Next(6))
                {
                    case 0:
                        await room.Store.JoinAsync(sessionId, user, None);
                        break;
                    case 1:
                        await room.Store.LeaveAsync(sessionId, user, None);
                        break;
                    case 2:
                        await room.Store.MarkOrderedAsync(sessionId, user, Guid.NewGuid(), None);
                        break;
                    case 3:
                        free = Math.Max(0, free + random.Next(-5, 6));
                        break;
                    default:
                        at = at.AddMilliseconds(random.Next(0, 120_000));
                        await room.StepAsync(at, _ => free);
                        Assert.True((await room.AuditAsync(sessionId)) is [], $"seed {seed}, action {action}: {string.Join("; ", await room.AuditAsync(sessionId))}");
                        break;
                }
            }

            // Out of the admitter's window, so that the next run's steps leave this room alone.
            await room.ExecuteAsync("UPDATE waiting_room.rooms SET closes_at = sale_starts_at + interval '1 microsecond' WHERE session_id = $1", (long)sessionId);
        }
    }

    [Fact]
    public async Task A_hundred_thousand_visitors_are_shuffled_and_admitted_in_the_recorded_order()
    {
        await using var room = await WaitingRoomStoreTestRoom.CreateAsync(services);
        var settings = WaitingRoomStoreTestRoom.Configure(Session, TimeSpan.FromMinutes(10), admitPerMinute: 2_000);
        await room.Store.ConfigureAsync(settings, None);
        await room.ExecuteAsync(
            "INSERT INTO waiting_room.visitors (session_id, user_id) SELECT $1, 1000 + g * 7 FROM generate_series(1, 100000) g", Session);

        var watch = Stopwatch.StartNew();
        await room.StepAsync(settings.SaleStartsAt);
        var shuffleMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await room.StepAsync(settings.SaleStartsAt.AddMinutes(1));
        var admitMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await room.StepAsync(settings.SaleStartsAt.AddMinutes(1).AddMilliseconds(1));
        var idleMs = watch.Elapsed.TotalMilliseconds;
        output.WriteLine(
            $"Rough single measurement (one run, shared machine): step with shuffle and positions of 100,000 pre-queue visitors (and 34 admitted) {shuffleMs:F0} ms; step admitting 2,000 {admitMs:F0} ms; a step with nothing to do {idleMs:F0} ms.");

        var status = await room.RoomAsync(Session);
        Assert.Equal((100_000, 2_034L), (status.PreQueueSize, status.AdmittedCount));
        var visitors = await room.VisitorsAsync(Session);
        Assert.Equal(SeededShuffle.Order([.. Enumerable.Range(1, 100_000).Select(g => 1_000 + (g * 7L))], status.Seed!.Value), visitors.Select(visitor => visitor.UserId));
        Assert.Empty(await room.AuditAsync(Session));
    }
}
