namespace TicketBooking.WaitingRoom.Tests;

public sealed class QueueStandingsTests
{
    private static readonly DateTimeOffset During = Rooms.SaleStartsAt.AddMinutes(5);

    private static RoomStatus Shuffled(AdmissionMode mode = AdmissionMode.Rate, long admittedThrough = 10, DateTimeOffset? soldOutAt = null) =>
        Rooms.Status(Rooms.Settings(mode, admitPerMinute: 120)) with
        {
            Seed = 1,
            ShuffledAt = Rooms.SaleStartsAt,
            PreQueueSize = 100,
            LastPosition = 100,
            AdmittedThrough = admittedThrough,
            AdmittedCount = admittedThrough,
            SoldOutAt = soldOutAt,
        };

    [Fact]
    public void A_waiting_visitor_learns_how_many_are_ahead_and_when_at_the_rate()
    {
        var standing = QueueStandings.Of(Rooms.Waiting(1, position: 71), Shuffled(), During);

        Assert.Equal(StandingState.Waiting, standing.State);
        Assert.Equal(71, standing.Position);
        Assert.Equal(60, standing.Ahead);
        Assert.Equal(TimeSpan.FromSeconds(30), standing.Eta);
        Assert.False(standing.PreQueue);
        Assert.False(standing.SoldOut);
    }

    [Fact]
    public void The_next_in_line_has_nobody_ahead() =>
        Assert.Equal(0, QueueStandings.Of(Rooms.Waiting(1, position: 11), Shuffled(), During).Ahead);

    [Fact]
    public void In_seats_mode_and_on_the_waiting_list_there_is_no_eta()
    {
        Assert.Null(QueueStandings.Of(Rooms.Waiting(1, position: 50), Shuffled(AdmissionMode.Seats), During).Eta);

        var soldOut = QueueStandings.Of(Rooms.Waiting(1, position: 50), Shuffled(soldOutAt: During), During);
        Assert.True(soldOut.SoldOut);
        Assert.Null(soldOut.Eta);
        Assert.Equal(39, soldOut.Ahead);
    }

    [Fact]
    public void Before_the_shuffle_an_early_visitor_is_in_the_pre_queue_without_a_position()
    {
        var standing = QueueStandings.Of(Rooms.Waiting(1), Rooms.Status(), Rooms.SaleStartsAt.AddMinutes(-10));

        Assert.Equal(StandingState.Waiting, standing.State);
        Assert.True(standing.PreQueue);
        Assert.Null(standing.Position);
        Assert.Null(standing.Ahead);
        Assert.Null(standing.Eta);
    }

    [Fact]
    public void A_visitor_who_joined_after_the_sale_started_is_not_in_the_pre_queue() =>
        Assert.False(QueueStandings.Of(Rooms.Waiting(1, joinedAt: Rooms.SaleStartsAt.AddSeconds(1)), Rooms.Status(), During).PreQueue);

    [Fact]
    public void An_admitted_visitor_is_admitted_until_the_admission_expires()
    {
        var visitor = Rooms.Admitted(1, 5, During, offer: true);

        var admitted = QueueStandings.Of(visitor, Shuffled(), During.AddMinutes(9));
        Assert.Equal(StandingState.Admitted, admitted.State);
        Assert.True(admitted.Offer);
        Assert.Equal(During.AddMinutes(10), admitted.AdmissionExpiresAt);
        Assert.Null(admitted.Ahead);
        Assert.Equal(StandingState.Expired, QueueStandings.Of(visitor, Shuffled(), During.AddMinutes(10)).State);
    }

    [Fact]
    public void An_order_outranks_the_admissions_expiry() =>
        Assert.Equal(
            StandingState.Ordered,
            QueueStandings.Of(Rooms.Admitted(1, 5, During) with { OrderedAt = During, OrderId = Guid.NewGuid() }, Shuffled(), During.AddHours(1)).State);

    [Fact]
    public void A_visitor_who_left_has_left_and_one_still_waiting_at_the_close_is_closed()
    {
        Assert.Equal(StandingState.Left, QueueStandings.Of(Rooms.Waiting(1, 50) with { LeftAt = During }, Shuffled(), During).State);
        Assert.Equal(StandingState.Closed, QueueStandings.Of(Rooms.Waiting(1, 50), Shuffled(), Rooms.SaleStartsAt.AddHours(3)).State);
    }
}
