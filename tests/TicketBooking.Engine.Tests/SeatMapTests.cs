using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.Tests;

public class SeatMapTests
{
    [Fact]
    public void Empty_rows_do_not_confuse_row_accounting()
    {
        var layout = new SessionLayout([new RowLayout("A", [0, 0]), new RowLayout("gap", []), new RowLayout("B", [0, 0, 0])]);
        var map = new SeatMap(layout, 1);

        map.Take([2, 3]);
        Span<int> found = stackalloc int[2];

        Assert.True(map.TryFindAdjacent(2, 0, found));
        Assert.Equal([0, 1], found.ToArray());
        map.Take([0]);
        Assert.False(map.TryFindAdjacent(2, 0, found));
        map.Release([3]);
        Assert.True(map.TryFindAdjacent(2, 0, found));
        Assert.Equal([3, 4], found.ToArray());
    }

    [Fact]
    public void Even_block_in_odd_row_prefers_the_left_of_two_equally_central_blocks()
    {
        var map = new SeatMap(new SessionLayout([new RowLayout("A", new byte[5])]), 1);
        Span<int> found = stackalloc int[2];

        Assert.True(map.TryFindAdjacent(2, 0, found));

        Assert.Equal([1, 2], found.ToArray());
    }

    [Fact]
    public void Taking_a_taken_seat_is_a_bug_not_a_decision()
    {
        var map = new SeatMap(new SessionLayout([new RowLayout("A", new byte[3])]), 1);
        map.Take([1]);

        Assert.Throws<InvalidOperationException>(() => map.Take([1]));
        Assert.Throws<InvalidOperationException>(() => map.Release([0]));
    }
}
