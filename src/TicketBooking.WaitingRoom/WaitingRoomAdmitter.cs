using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The one writer that decides every change of the queues: the shuffle, positions, admissions, the sell-out and the
/// waiting list's offers. Run by whoever holds <see cref="Storage.AdvisoryLockClasses.WaitingRoomAdmitter"/>, through
/// that lock's connection, so a writer that lost the lock cannot write. Its decisions depend only on the rows and the
/// clock, so a new instance (after a restart, or on another ingress) goes on where the last one stopped.
/// </summary>
public sealed class WaitingRoomAdmitter(TimeProvider time, ILogger<WaitingRoomAdmitter> logger)
{
    /// <summary>The most visitors one step positions, or admits, in one room: bounds a step's transaction.</summary>
    public const int MaxPerStep = 50_000;

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly ILogger<WaitingRoomAdmitter> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <summary>
    /// One step over every room with sale_starts_at &lt;= now &lt; closes_at, one transaction per room; notifies each
    /// room that changed. A room whose step fails with a server error is logged and left to the next step; a broken
    /// connection ends the step with its exception.
    /// </summary>
    /// <param name="connection">The admitter lock's connection (<see cref="Storage.SessionLock.Connection"/>).</param>
    /// <param name="freeSeats">The free seats of a session; null when unknown.</param>
    /// <returns>The session ids of the rooms that changed.</returns>
    public async Task<IReadOnlyList<long>> StepAsync(NpgsqlConnection connection, Func<long, int?> freeSeats, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(freeSeats);
        var now = WaitingRoomRows.ToMicroseconds(_time.GetUtcNow());
        var sessions = new List<long>();
        await using (var open = new NpgsqlCommand(
            "SELECT session_id FROM waiting_room.rooms WHERE sale_starts_at <= $1 AND closes_at > $1 ORDER BY session_id", connection))
        {
            open.Parameters.AddWithValue(now);
            await using var reader = await open.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                sessions.Add(reader.GetInt64(0));
            }
        }

        var changed = new List<long>();
        foreach (var sessionId in sessions)
        {
            try
            {
                if (await StepRoomAsync(connection, sessionId, now, freeSeats, ct).ConfigureAwait(false))
                {
                    changed.Add(sessionId);
                }
            }
            catch (PostgresException e) when (connection.State == System.Data.ConnectionState.Open && !ct.IsCancellationRequested)
            {
                _logger.LogError(e, "The waiting room admitter's step of session {SessionId} failed; the next step tries again", sessionId);
            }
        }

        return changed;
    }

    private async Task<bool> StepRoomAsync(NpgsqlConnection connection, long sessionId, DateTimeOffset clockNow, Func<long, int?> freeSeats, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var step = new RoomStep(connection, transaction, sessionId);

        // FOR NO KEY UPDATE: joins (whose foreign key takes FOR KEY SHARE) go on; rejoins (FOR SHARE) wait for the step.
        var room = await step.LockRoomAsync(ct).ConfigureAwait(false);
        if (room is null || clockNow < room.Settings.SaleStartsAt || clockNow >= room.Settings.ClosesAt)
        {
            return false;
        }

        // An admitter whose clock is behind its predecessor's (another machine after a failover) never dates an
        // admission before the last one: admitted_at stays in position order.
        var latest = await step.LatestAdmissionAsync(room.AdmittedThrough, ct).ConfigureAwait(false);
        var now = latest > clockNow ? latest.Value : clockNow;
        step.Now = now;

        var seed = room.Seed;
        var preQueueSize = room.PreQueueSize;
        var lastPosition = room.LastPosition;
        var shuffledAt = room.ShuffledAt;
        if (!room.Shuffled)
        {
            seed = NewSeed();
            preQueueSize = await step.ShuffleAsync(room.Settings.SaleStartsAt, seed.Value, ct).ConfigureAwait(false);
            lastPosition = preQueueSize;
            shuffledAt = now;
            _logger.LogInformation(
                "Waiting room of session {SessionId}: shuffled a pre-queue of {PreQueueSize} with seed {Seed}", sessionId, preQueueSize, seed);
        }

        var positioned = await step.PositionArrivalsAsync(lastPosition, ct).ConfigureAwait(false);
        lastPosition += positioned;

        var soldOutAt = room.SoldOutAt;
        var free = freeSeats(sessionId);
        var offer = soldOutAt is not null;
        var credit = offer ? null : AdmissionPlan.Credit(room.Settings, await step.RateCreditAsync(ct).ConfigureAwait(false), now);
        var byRate = credit is null ? 0 : AdmissionPlan.Admits(credit);
        long due;
        if (free == 0 && soldOutAt is null)
        {
            soldOutAt = now;
            due = 0;
            _logger.LogInformation("Waiting room of session {SessionId}: sold out, admission stopped", sessionId);
        }
        else if (offer || room.Settings.Mode == AdmissionMode.Seats)
        {
            var outstanding = await step.CountOutstandingAsync(ct).ConfigureAwait(false);
            var bySeats = Math.Max(0, (free ?? 0) - outstanding);
            due = offer ? bySeats : Math.Min(byRate, bySeats);
        }
        else
        {
            due = byRate;
        }

        var admitted = (Count: 0L, Through: room.AdmittedThrough);
        if (due > 0)
        {
            var lifetime = offer ? room.Settings.OfferLifetime : room.Settings.AdmissionLifetime;
            admitted = await step.AdmitAsync(room.AdmittedThrough, (int)Math.Min(due, MaxPerStep), now + lifetime, offer, ct).ConfigureAwait(false);
        }

        var changed = !room.Shuffled || positioned > 0 || admitted.Count > 0 || soldOutAt != room.SoldOutAt;
        if (!changed)
        {
            return false;
        }

        if (credit is not null && admitted.Count > 0)
        {
            await step.SaveRateCreditAsync(AdmissionPlan.Spend(credit, admitted.Count), ct).ConfigureAwait(false);
        }

        await step.SaveRoomAsync(
            room with
            {
                Seed = seed,
                ShuffledAt = shuffledAt,
                PreQueueSize = preQueueSize,
                LastPosition = lastPosition,
                AdmittedThrough = admitted.Through,
                AdmittedCount = room.AdmittedCount + admitted.Count,
                SoldOutAt = soldOutAt,
            },
            ct).ConfigureAwait(false);
        await WaitingRoomStore.NotifyAsync(connection, transaction, sessionId, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        _logger.LogDebug(
            "Waiting room of session {SessionId}: positioned {Positioned}, admitted {Admitted} through {AdmittedThrough}",
            sessionId, positioned, admitted.Count, admitted.Through);
        return true;
    }

    private static long NewSeed()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadInt64BigEndian(bytes);
    }

    /// <summary>The statements of one room's step, all in its transaction; set-based, never a round trip per visitor.</summary>
    private sealed class RoomStep(NpgsqlConnection connection, NpgsqlTransaction transaction, long sessionId)
    {
        /// <summary>The step's time: what admissions, expiries and the outstanding count are measured by.</summary>
        public DateTimeOffset Now { get; set; }

        public async Task<RoomStatus?> LockRoomAsync(CancellationToken ct)
        {
            await using var command = Command($"SELECT {WaitingRoomRows.RoomColumns} FROM waiting_room.rooms WHERE session_id = $1 FOR NO KEY UPDATE");
            return await WaitingRoomRows.ReadRoomAsync(command, ct).ConfigureAwait(false);
        }

        /// <summary>When the visitor at <paramref name="admittedThrough"/>, the last admitted, was admitted (null: nobody yet).</summary>
        public async Task<DateTimeOffset?> LatestAdmissionAsync(long admittedThrough, CancellationToken ct)
        {
            await using var command = Command("SELECT admitted_at FROM waiting_room.visitors WHERE session_id = $1 AND position = $2");
            command.Parameters.AddWithValue(admittedThrough);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is DateTime admittedAt
                ? new DateTimeOffset(admittedAt, TimeSpan.Zero)
                : null;
        }

        /// <summary>Positions 1..K for the pre-queue (joined before the sale's start, not left), in the seed's shuffle of their ids.</summary>
        public async Task<int> ShuffleAsync(DateTimeOffset saleStartsAt, long seed, CancellationToken ct)
        {
            var ids = new List<long>();
            await using (var select = Command(
                "SELECT user_id FROM waiting_room.visitors WHERE session_id = $1 AND joined_at < $2 AND left_at IS NULL AND position IS NULL ORDER BY user_id"))
            {
                select.Parameters.AddWithValue(WaitingRoomRows.Utc(saleStartsAt));
                await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            if (ids.Count == 0)
            {
                return 0;
            }

            var order = SeededShuffle.Order(ids, seed);
            var positions = new long[order.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = i + 1;
            }

            // No recheck of left_at: a visitor who leaves meanwhile keeps the position the shuffle gave them (and is
            // passed over when admission reaches it), so positions 1..K stay the shuffle of exactly these ids.
            await using var update = Command(
                """
                UPDATE waiting_room.visitors v SET position = u.position
                FROM unnest($2::bigint[], $3::bigint[]) AS u(user_id, position)
                WHERE v.session_id = $1 AND v.user_id = u.user_id
                """);
            update.Parameters.Add(new NpgsqlParameter { Value = order, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            update.Parameters.Add(new NpgsqlParameter { Value = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            var updated = await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            if (updated != order.Length)
            {
                throw new InvalidOperationException($"The shuffle of session {sessionId} positioned {updated} of {order.Length} visitors.");
            }

            return order.Length;
        }

        /// <summary>Gives later arrivals (not left) the positions after <paramref name="lastPosition"/>, in arrival order.</summary>
        public async Task<long> PositionArrivalsAsync(long lastPosition, CancellationToken ct)
        {
            await using var command = Command(
                $"""
                UPDATE waiting_room.visitors v SET position = next.position
                FROM (
                    SELECT user_id, $2 + row_number() OVER (ORDER BY arrival) AS position
                    FROM (
                        SELECT user_id, arrival FROM waiting_room.visitors
                        WHERE session_id = $1 AND position IS NULL AND left_at IS NULL
                        ORDER BY arrival LIMIT {MaxPerStep}
                    ) arrivals
                ) next
                WHERE v.session_id = $1 AND v.user_id = next.user_id
                """);
            command.Parameters.AddWithValue(lastPosition);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        /// <summary>Admissions made and not yet spent: admitted, not expired at now, not ordered.</summary>
        public async Task<long> CountOutstandingAsync(CancellationToken ct)
        {
            await using var command = Command(
                """
                SELECT count(*) FROM waiting_room.visitors
                WHERE session_id = $1 AND admitted_at IS NOT NULL AND ordered_at IS NULL AND admission_expires_at > $2
                """);
            command.Parameters.AddWithValue(Now);
            return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        /// <summary>
        /// Admits the next <paramref name="due"/> visitors after <paramref name="admittedThrough"/> in position order, skipping
        /// those who left; admitted_at is set once (WHERE admitted_at IS NULL, rechecked against a concurrent leave).
        /// </summary>
        public async Task<(long Count, long Through)> AdmitAsync(long admittedThrough, int due, DateTimeOffset expiresAt, bool offer, CancellationToken ct)
        {
            await using var command = Command(
                """
                UPDATE waiting_room.visitors v SET admitted_at = $3, admission_expires_at = $4, offer = $5
                FROM (
                    SELECT user_id FROM waiting_room.visitors
                    WHERE session_id = $1 AND position > $2 AND left_at IS NULL AND admitted_at IS NULL
                    ORDER BY position LIMIT $6
                ) next
                WHERE v.session_id = $1 AND v.user_id = next.user_id AND v.left_at IS NULL AND v.admitted_at IS NULL
                RETURNING v.position
                """);
            command.Parameters.AddWithValue(admittedThrough);
            command.Parameters.AddWithValue(Now);
            command.Parameters.AddWithValue(WaitingRoomRows.Utc(expiresAt));
            command.Parameters.AddWithValue(offer);
            command.Parameters.AddWithValue(due);
            var count = 0L;
            var through = admittedThrough;
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                count++;
                through = Math.Max(through, reader.GetInt64(0));
            }

            return (count, through);
        }

        /// <summary>The rate's credit as of the last rate-paced admission; null before the first.</summary>
        public async Task<RateCredit?> RateCreditAsync(CancellationToken ct)
        {
            await using var command = Command("SELECT rate_credit, rate_credit_at FROM waiting_room.rooms WHERE session_id = $1");
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false) && !reader.IsDBNull(0) && !reader.IsDBNull(1)
                ? new RateCredit(reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero))
                : null;
        }

        public async Task SaveRateCreditAsync(RateCredit credit, CancellationToken ct)
        {
            await using var command = Command("UPDATE waiting_room.rooms SET rate_credit = $2, rate_credit_at = $3 WHERE session_id = $1");
            command.Parameters.AddWithValue(credit.Units);
            command.Parameters.AddWithValue(WaitingRoomRows.Utc(credit.At));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        public async Task SaveRoomAsync(RoomStatus room, CancellationToken ct)
        {
            await using var command = Command(
                """
                UPDATE waiting_room.rooms
                SET seed = $2, shuffled_at = $3, pre_queue_size = $4, last_position = $5, admitted_through = $6,
                    admitted_count = $7, sold_out_at = $8, version = version + 1, updated_at = $9
                WHERE session_id = $1
                """);
            command.Parameters.AddWithValue(room.Seed!.Value);
            command.Parameters.AddWithValue(WaitingRoomRows.Utc(room.ShuffledAt!.Value));
            command.Parameters.AddWithValue(room.PreQueueSize);
            command.Parameters.AddWithValue(room.LastPosition);
            command.Parameters.AddWithValue(room.AdmittedThrough);
            command.Parameters.AddWithValue(room.AdmittedCount);
            command.Parameters.Add(new NpgsqlParameter { Value = room.SoldOutAt is { } soldOut ? WaitingRoomRows.Utc(soldOut) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.AddWithValue(Now);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        /// <summary>A command in the step's transaction with the session id as $1.</summary>
        private NpgsqlCommand Command(string sql)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue(sessionId);
            return command;
        }
    }
}
