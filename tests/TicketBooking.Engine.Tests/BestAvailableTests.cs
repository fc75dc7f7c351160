using System.Buffers;
using MessagePack;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;
using TicketBooking.Engine.Snapshots;

namespace TicketBooking.Engine.Tests;

public class BestAvailableTests
{
    private const byte A = (byte)SeatTraits.Accessible;
    private const byte C = (byte)SeatTraits.Companion;

    private static int[] Find(SeatMap map, int count, SeatPreferences preferences = SeatPreferences.None, int category = 0)
    {
        var found = new int[count];
        return map.TryFindAdjacent(count, category, preferences, found) ? found : [];
    }

    private static SeatMap Map(params RowLayout[] rows) => new(new SessionLayout(rows), 2);

    [Fact]
    public void A_block_does_not_strand_a_single_seat_beside_a_taken_one()
    {
        // Seat 2 taken: the most central pair (4, 5) would leave seat 3 alone between it and seat 2.
        var map = Map(new RowLayout("A", new byte[10]));
        map.Take([2]);

        Assert.Equal([3, 4], Find(map, 2));
    }

    [Fact]
    public void A_block_does_not_strand_a_single_seat_at_the_end_of_the_row()
    {
        var map = Map(new RowLayout("A", new byte[5]));

        Assert.Equal([0, 1], Find(map, 2));
    }

    [Fact]
    public void A_run_one_seat_longer_than_the_block_has_no_block()
    {
        var map = Map(new RowLayout("A", new byte[4]), new RowLayout("B", new byte[6]));

        Assert.Equal([4, 5, 6], Find(map, 3));
        map.Take([5, 6, 7, 8, 9]);
        Assert.Empty(Find(map, 3));
        Assert.Equal([0, 1, 4], Find(map, 3, SeatPreferences.SplitAcrossRows));
    }

    [Fact]
    public void Seats_of_another_category_bound_a_run()
    {
        var map = Map(new RowLayout("A", [0, 0, 0, 1, 1, 1, 1]));

        Assert.Empty(Find(map, 2, category: 0));
        Assert.Equal([3, 4, 5, 6], Find(map, 4, category: 1));
    }

    [Fact]
    public void A_lone_free_seat_goes_to_a_single_seat_request_and_a_free_pair_does_not()
    {
        var pair = Map(new RowLayout("A", new byte[2]));
        Assert.Empty(Find(pair, 1));

        var lone = Map(new RowLayout("A", new byte[2]), new RowLayout("B", new byte[3]));
        lone.Take([3]);
        Assert.Equal([2], Find(lone, 1));
    }

    [Fact]
    public void Accessible_and_companion_seats_are_left_to_requests_that_ask_for_them()
    {
        var map = Map(new RowLayout("A", new byte[6], Traits: [A, C, 0, 0, 0, 0]));

        Assert.Equal([2, 3, 4, 5], Find(map, 4));
        Assert.Empty(Find(map, 5));
        Assert.Empty(Find(map, 3));
        Assert.Equal([0, 1], Find(map, 2, SeatPreferences.Accessible));
    }

    [Fact]
    public void An_accessible_request_gets_at_least_one_accessible_seat_or_nothing()
    {
        var map = Map(new RowLayout("A", new byte[8], Traits: [0, 0, 0, 0, 0, 0, C, A]));

        Assert.Equal([5, 6, 7], Find(map, 3, SeatPreferences.Accessible));
        map.Take([7]);
        Assert.Empty(Find(map, 2, SeatPreferences.Accessible));
        Assert.Equal([2, 3], Find(map, 2));
    }

    [Fact]
    public void Without_accessible_seats_an_accessible_request_finds_nothing()
    {
        var map = Map(new RowLayout("A", new byte[8]));

        Assert.Empty(Find(map, 2, SeatPreferences.Accessible));
    }

    [Fact]
    public void A_block_no_row_holds_is_split_across_two_rows_of_one_section_when_asked()
    {
        var map = Map(new RowLayout("A", new byte[2]), new RowLayout("B", new byte[2]));

        Assert.Empty(Find(map, 4));
        Assert.Equal([0, 1, 2, 3], Find(map, 4, SeatPreferences.SplitAcrossRows));
    }

    [Fact]
    public void A_split_never_spans_two_sections()
    {
        var map = Map(
            new RowLayout("A", new byte[2], Section: 0),
            new RowLayout("B", new byte[2], Section: 1),
            new RowLayout("C", new byte[2], Section: 1));
        map.Take([4, 5]);

        Assert.Empty(Find(map, 4, SeatPreferences.SplitAcrossRows));
        map.Release([4, 5]);
        Assert.Equal([2, 3, 4, 5], Find(map, 4, SeatPreferences.SplitAcrossRows));
    }

    [Fact]
    public void An_odd_split_puts_the_larger_half_in_front_unless_only_the_back_row_holds_it()
    {
        var larger = Map(new RowLayout("A", new byte[3]), new RowLayout("B", new byte[2]));
        Assert.Equal([0, 1, 2, 3, 4], Find(larger, 5, SeatPreferences.SplitAcrossRows));

        var smaller = Map(new RowLayout("A", new byte[2]), new RowLayout("B", new byte[3]));
        Assert.Equal([0, 1, 2, 3, 4], Find(smaller, 5, SeatPreferences.SplitAcrossRows));
    }

    [Fact]
    public void Both_halves_of_a_split_obey_the_orphan_rule()
    {
        // Halves of two in rows of three would each strand a seat.
        var map = Map(new RowLayout("A", new byte[3]), new RowLayout("B", new byte[3]));

        Assert.Empty(Find(map, 4, SeatPreferences.SplitAcrossRows));
    }

    [Fact]
    public void An_accessible_split_holds_an_accessible_seat_in_one_of_its_halves()
    {
        var map = Map(new RowLayout("A", new byte[2]), new RowLayout("B", new byte[2], Traits: [0, A]));

        Assert.Equal([0, 1], Find(map, 2));
        Assert.Equal([0, 1, 2, 3], Find(map, 4, SeatPreferences.Accessible | SeatPreferences.SplitAcrossRows));
        Assert.Empty(Find(map, 4, SeatPreferences.SplitAcrossRows));
    }

    [Fact]
    public void The_engine_rejects_a_block_no_row_holds_unless_the_request_asks_for_a_split()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(2, 3)));

        Assert.Equal(RejectReason.NoAdjacentSeats, h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(6, 0))));
        var held = h.RunSingle<OrderHeld>(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(6, 0, SeatPreferences.SplitAcrossRows)));
        Assert.Equal([0, 1, 2, 3, 4, 5], held.Seats);
    }

    [Fact]
    public void The_engine_sells_accessible_seats_to_an_explicit_pick_and_to_accessible_requests_only()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, new SessionLayout([new RowLayout("A", new byte[4], Traits: [A, C, 0, 0]), new RowLayout("B", [0], Traits: [A])])));

        Assert.Equal(RejectReason.NoAdjacentSeats, h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(3, 0))));
        Assert.Equal([0, 1], h.RunSingle<OrderHeld>(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(2, 0, SeatPreferences.Accessible))).Seats);
        Assert.Equal([4], h.Hold(1, 3, 4).Seats);
        Assert.Equal(RejectReason.NoAdjacentSeats, h.RunRejected(new Purchase(Guid.NewGuid(), 1, 2, SeatRequest.Adjacent(1, 0, SeatPreferences.Accessible))));
    }

    [Fact]
    public void The_engine_refuses_preferences_it_does_not_know()
    {
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, EngineHarness.Hall(2, 3)));

        Assert.Equal(RejectReason.InvalidRequest, h.RunRejected(new Purchase(Guid.NewGuid(), 1, 1, SeatRequest.Adjacent(2, 0, (SeatPreferences)4))));
    }

    [Fact]
    public void Commands_written_before_traits_and_preferences_read_with_their_defaults()
    {
        // As journals and input streams hold them: a row was [label, categories], a seat request [ids, count, category].
        var open = Assert.IsType<OpenSession>(EngineCodec.DeserializeCommand(Write((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            writer.Write(0);
            writer.WriteArrayHeader(6);
            writer.Write(7L);
            writer.WriteArrayHeader(1);
            writer.WriteArrayHeader(2);
            WriteOldRow(ref writer, "A", [0, 0, 1]);
            WriteOldRow(ref writer, "B", [1, 1]);
            writer.WriteArrayHeader(2);
            writer.Write(5_000L);
            writer.Write(3_000L);
            writer.Write(60_000L);
            writer.Write(4);
            writer.Write(9_000_000L);
        })));
        var orderId = Guid.NewGuid();
        var purchase = Assert.IsType<Purchase>(EngineCodec.DeserializeCommand(Write((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            writer.Write(2);
            writer.WriteArrayHeader(4);
            writer.WriteRaw(MessagePackSerializer.Serialize(orderId, EngineCodec.Options));
            writer.Write(7L);
            writer.Write(3L);
            writer.WriteArrayHeader(3);
            writer.WriteNil();
            writer.Write(2);
            writer.Write(1);
        })));

        Assert.Equal(["A", "B"], open.Layout.Rows.Select(row => row.Label));
        Assert.Equal([1, 1], open.Layout.Rows[1].SeatCategories);
        Assert.All(open.Layout.Rows, row => Assert.Null(row.Traits));
        Assert.All(open.Layout.Rows, row => Assert.Equal(0, row.Section));
        Assert.Equal(orderId, purchase.OrderId);
        Assert.Equal(SeatRequest.Adjacent(2, 1), purchase.Seats with { SeatIds = null });
        Assert.Equal(SeatPreferences.None, purchase.Seats.Preferences);

        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(open);
        Assert.Equal([3, 4], h.RunSingle<OrderHeld>(purchase).Seats);
    }

    [Fact]
    public void Snapshots_and_journals_keep_each_seats_traits_and_each_rows_section()
    {
        var layout = new SessionLayout([
            new RowLayout("A", new byte[4], Traits: [A, C, 0, 0], Section: 2),
            new RowLayout("B", new byte[4], Section: 3),
        ]);
        var h = new EngineHarness();
        h.RunSingle<SessionOpened>(EngineHarness.Open(1, layout));
        h.Hold(1, 1, 7);

        var restored = SnapshotCodec.Deserialize(SnapshotCodec.Serialize(h.Engine.State));
        var journaled = Assert.IsType<SessionOpened>(EngineCodec.DeserializeDecisions(EngineCodec.Serialize(h.Journal))[0]);

        foreach (var rows in new[] { restored.Sessions[1].Layout.Rows, journaled.Layout.Rows })
        {
            Assert.Equal([A, C, 0, 0], rows[0].Traits);
            Assert.Null(rows[1].Traits);
            Assert.Equal([2, 3], rows.Select(row => row.Section));
        }

        Assert.Equal(SeatTraits.Accessible, restored.Sessions[1].Seats.TraitsOf(0));
        Assert.Equal([0, 1], Find(restored.Sessions[1].Seats, 2, SeatPreferences.Accessible));
        Assert.Equal(3, restored.Sessions[1].Seats.SectionOfRow(1));
    }

    private delegate void Writing(ref MessagePackWriter writer);

    private static byte[] Write(Writing write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOldRow(ref MessagePackWriter writer, string label, byte[] categories)
    {
        writer.WriteArrayHeader(2);
        writer.Write(label);
        writer.Write(categories);
    }
}
