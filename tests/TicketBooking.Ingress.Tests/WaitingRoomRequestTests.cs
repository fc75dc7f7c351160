using Microsoft.AspNetCore.Http;
using TicketBooking.Ingress.WaitingRoom;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.Tests;

public class WaitingRoomRequestTests
{
    private static readonly DateTimeOffset SaleStartsAt = new(2030, 1, 31, 19, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClosesAt = SaleStartsAt.AddHours(1);

    [Fact]
    public void A_room_without_mode_or_lifetimes_admits_at_a_rate_for_ten_minutes_and_offers_for_five()
    {
        var (settings, problem) = new WaitingRoomRequest(SaleStartsAt.AddHours(-1), SaleStartsAt, null, 600, null, null).ToSettings(42, ClosesAt, 7);

        Assert.Null(problem);
        Assert.Equal(
            new RoomSettings(42, SaleStartsAt.AddHours(-1), SaleStartsAt, ClosesAt, AdmissionMode.Rate, 600, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), 7),
            settings);
    }

    [Fact]
    public void Seats_mode_and_given_lifetimes_are_taken_as_they_are()
    {
        var (settings, _) = new WaitingRoomRequest(SaleStartsAt.AddHours(-1), SaleStartsAt, "seats", 60, 3, 2).ToSettings(42, ClosesAt, 7);

        Assert.Equal((AdmissionMode.Seats, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2)), (settings!.Mode, settings.AdmissionLifetime, settings.OfferLifetime));
    }

    [Theory]
    [InlineData(null, 0, "rate", 600, "", "opensAt")]
    [InlineData(-60, null, "rate", 600, "", "saleStartsAt")]
    [InlineData(-60, 0, "fast", 600, "", "mode")]
    [InlineData(-60, 0, "rate", null, "", "admitPerMinute")]
    [InlineData(60, 0, "rate", 600, "", "waitingRoom")]
    [InlineData(-60, 0, "rate", 0, "", "waitingRoom")]
    [InlineData(-60, 120, "rate", 600, "", "waitingRoom")]
    [InlineData(-60, 0, "fast", 600, "waitingRoom.", "waitingRoom.mode")]
    [InlineData(-60, 120, "rate", 600, "waitingRoom.", "waitingRoom")]
    public void Bad_settings_are_a_422_naming_the_field(int? opensMinutes, int? saleMinutes, string mode, int? perMinute, string prefix, string field)
    {
        var request = new WaitingRoomRequest(
            opensMinutes is { } opens ? SaleStartsAt.AddMinutes(opens) : null,
            saleMinutes is { } sale ? SaleStartsAt.AddMinutes(sale) : null,
            mode,
            perMinute,
            null,
            null);

        var (settings, problem) = request.ToSettings(42, ClosesAt, 7, prefix);

        Assert.Null(settings);
        var details = Assert.IsType<HttpValidationProblemDetails>(problem!.ProblemDetails);
        Assert.Equal([field], details.Errors.Keys);
    }

    [Fact]
    public void A_standing_names_its_state_in_lower_case_and_rounds_the_eta_up_to_a_second()
    {
        var view = QueueStandingView.From(new QueueStanding(StandingState.Waiting, 5, 4, TimeSpan.FromSeconds(2.4), false, false, false, null), token: null);

        Assert.Equal(("waiting", 3L), (view.State, view.EtaSeconds));
    }
}
