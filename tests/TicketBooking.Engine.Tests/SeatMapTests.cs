using TicketBooking.Engine.Commands;
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
        var map = new SeatMap(new SessionLayout([new RowLayout("A", new byte[7])]), 1);
        Span<int> found = stackalloc int[2];

        Assert.True(map.TryFindAdjacent(2, 0, found));

        Assert.Equal([2, 3], found.ToArray());
    }

    [Fact]
    public void Taking_a_taken_seat_is_a_bug_not_a_decision()
    {
        var map = new SeatMap(new SessionLayout([new RowLayout("A", new byte[3])]), 1);
        map.Take([1]);

        Assert.Throws<InvalidOperationException>(() => map.Take([1]));
        Assert.Throws<InvalidOperationException>(() => map.Release([0]));
    }

    [Fact]
    public void The_bitwise_search_finds_what_a_seat_by_seat_scan_finds()
    {
        var random = new Random(20261129);
        for (var trial = 0; trial < 300; trial++)
        {
            var layout = RandomLayout(random);
            var map = new SeatMap(layout, 3);
            var taken = new bool[map.Capacity];
            var density = random.NextDouble();
            for (var seat = 0; seat < map.Capacity; seat++)
            {
                if (random.NextDouble() < density)
                {
                    map.Take([seat]);
                    taken[seat] = true;
                }
            }

            // Free some again so that the per-category row hint has to move back.
            for (var seat = 0; seat < map.Capacity; seat += 1 + random.Next(20))
            {
                if (taken[seat])
                {
                    map.Release([seat]);
                    taken[seat] = false;
                }
            }

            for (var count = 1; count <= 7; count++)
            {
                for (byte category = 0; category < 3; category++)
                {
                    for (var preferences = SeatPreferences.None; preferences <= (SeatPreferences.Accessible | SeatPreferences.SplitAcrossRows); preferences++)
                    {
                        var found = new int[count];
                        var expected = BestAvailableSpec.Find(layout, taken, count, category, preferences);
                        Assert.Equal(expected is not null, map.TryFindAdjacent(count, category, preferences, found));
                        if (expected is not null)
                        {
                            Assert.Equal(expected, found);
                        }
                    }
                }
            }
        }
    }

    private static SessionLayout RandomLayout(Random random)
    {
        var rows = new List<RowLayout>();
        var section = 0;
        for (var row = random.Next(1, 8); row > 0; row--)
        {
            var seats = new byte[random.Next(0, 150)];
            var traits = random.Next(3) == 0 ? new byte[seats.Length] : null;
            var category = (byte)random.Next(3);
            for (var seat = 0; seat < seats.Length; seat++)
            {
                if (random.Next(10) == 0)
                {
                    category = (byte)random.Next(3);
                }

                seats[seat] = category;
                if (traits is not null && random.Next(6) == 0)
                {
                    traits[seat] = (byte)random.Next(1, 4);
                }
            }

            section += random.Next(4) == 0 ? 1 : 0;
            rows.Add(new RowLayout($"R{row}", seats, traits, section));
        }

        return new SessionLayout(rows);
    }
}
