using TicketBooking.Engine.Decisions;

namespace TicketBooking.Ops.Tests;

public sealed class LogTextTests
{
    [Fact]
    public void A_log_time_is_utc_iso_8601_to_the_millisecond()
    {
        Assert.Equal("1970-01-01T00:00:00.000Z", LogText.Time(0));
        Assert.Equal("2026-01-02T03:04:05.678Z", LogText.Time(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void An_entry_is_its_type_then_its_fields_as_json_with_enums_by_name()
    {
        var order = Guid.NewGuid();

        var text = LogText.Of(new Rejected(3, 2, CommandKind.Purchase, order, 42, 7, RejectReason.SeatTaken));

        Assert.StartsWith("Rejected {", text, StringComparison.Ordinal);
        Assert.Contains("\"Command\":\"Purchase\"", text, StringComparison.Ordinal);
        Assert.Contains("\"Reason\":\"SeatTaken\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"OrderId\":\"{order}\"", text, StringComparison.Ordinal);
    }
}
