namespace TicketBooking.WaitingRoom.Tests;

public sealed class RoomSettingsTests
{
    [Fact]
    public void Sensible_settings_have_no_problem() => Assert.Null(Rooms.Settings().ProblemOf());

    public static TheoryData<RoomSettings> Invalid()
    {
        var valid = Rooms.Settings();
        return
        [
            valid with { SessionId = 0 },
            valid with { OpensAt = valid.SaleStartsAt },
            valid with { ClosesAt = valid.SaleStartsAt },
            valid with { AdmitPerMinute = 0 },
            valid with { AdmitPerMinute = 1_000_001 },
            valid with { Mode = (AdmissionMode)7 },
            valid with { AdmissionLifetime = TimeSpan.FromSeconds(59) },
            valid with { AdmissionLifetime = TimeSpan.FromHours(2).Add(TimeSpan.FromSeconds(1)) },
            valid with { AdmissionLifetime = TimeSpan.FromSeconds(90.5) },
            valid with { OfferLifetime = TimeSpan.FromSeconds(59) },
            valid with { OfferLifetime = TimeSpan.FromMinutes(61) },
        ];
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Settings_out_of_bounds_have_a_problem(RoomSettings settings) => Assert.NotNull(settings.ProblemOf());

    [Fact]
    public void The_bounds_themselves_are_valid()
    {
        var valid = Rooms.Settings();

        Assert.Null((valid with { AdmitPerMinute = 1, AdmissionLifetime = TimeSpan.FromMinutes(1), OfferLifetime = TimeSpan.FromMinutes(1) }).ProblemOf());
        Assert.Null((valid with { AdmitPerMinute = 1_000_000, AdmissionLifetime = TimeSpan.FromHours(2), OfferLifetime = TimeSpan.FromHours(1) }).ProblemOf());
    }

    [Fact]
    public void A_room_goes_from_scheduled_through_the_pre_queue_and_admission_to_closed()
    {
        var room = Rooms.Status();
        var settings = room.Settings;

        Assert.Equal(RoomPhase.Scheduled, room.PhaseAt(settings.OpensAt.AddTicks(-1)));
        Assert.Equal(RoomPhase.PreQueue, room.PhaseAt(settings.OpensAt));
        Assert.Equal(RoomPhase.Admitting, room.PhaseAt(settings.SaleStartsAt));
        Assert.Equal(RoomPhase.SoldOut, (room with { SoldOutAt = settings.SaleStartsAt }).PhaseAt(settings.SaleStartsAt.AddMinutes(1)));
        Assert.Equal(RoomPhase.Closed, room.PhaseAt(settings.ClosesAt));
    }
}
