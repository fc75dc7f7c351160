using Npgsql;

namespace TicketBooking.WaitingRoom;

/// <summary>The one mapping between the rows of schema waiting_room and <see cref="RoomStatus"/> / <see cref="Visitor"/>.</summary>
internal static class WaitingRoomRows
{
    public const string RoomColumns =
        "session_id, opens_at, sale_starts_at, closes_at, mode, admit_per_minute, admission_seconds, offer_seconds, created_by, "
        + "seed, shuffled_at, pre_queue_size, last_position, admitted_through, admitted_count, sold_out_at, version";

    public const string VisitorColumns =
        "session_id, user_id, arrival, joined_at, position, admitted_at, admission_expires_at, offer, ordered_at, order_id, left_at";

    public static string ModeColumn(AdmissionMode mode) => mode switch
    {
        AdmissionMode.Rate => "rate",
        AdmissionMode.Seats => "seats",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not an admission mode."),
    };

    public static RoomStatus ReadRoom(NpgsqlDataReader reader) =>
        new(
            new RoomSettings(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4) switch
                {
                    "rate" => AdmissionMode.Rate,
                    "seats" => AdmissionMode.Seats,
                    var other => throw new InvalidOperationException($"Unknown admission mode '{other}' in waiting_room.rooms."),
                },
                reader.GetInt32(5),
                TimeSpan.FromSeconds(reader.GetInt32(6)),
                TimeSpan.FromSeconds(reader.GetInt32(7)),
                reader.GetInt64(8)),
            reader.IsDBNull(9) ? null : reader.GetInt64(9),
            NullableTime(reader, 10),
            reader.GetInt32(11),
            reader.GetInt64(12),
            reader.GetInt64(13),
            reader.GetInt64(14),
            NullableTime(reader, 15),
            reader.GetInt64(16));

    public static Visitor ReadVisitor(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4),
            NullableTime(reader, 5),
            NullableTime(reader, 6),
            reader.GetBoolean(7),
            NullableTime(reader, 8),
            reader.IsDBNull(9) ? null : reader.GetGuid(9),
            NullableTime(reader, 10));

    public static async Task<RoomStatus?> ReadRoomAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRoom(reader) : null;
    }

    public static async Task<Visitor?> ReadVisitorAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadVisitor(reader) : null;
    }

    /// <summary>Npgsql writes only UTC offsets to timestamptz.</summary>
    public static DateTimeOffset Utc(DateTimeOffset time) => time.ToUniversalTime();

    /// <summary>What PostgreSQL's timestamptz keeps of a time: whole microseconds.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
