using CsCheck;
using TicketBooking.Engine.Commands;
using TicketBooking.Engine.Decisions;
using TicketBooking.Engine.Inventory;

namespace TicketBooking.Engine.Tests;

/// <summary>
/// Random halls (sections, accessible and companion seats, two categories) and random best-available, explicit,
/// payment, cancel and expiry commands through the engine, from fixed seeds.
/// </summary>
public class BestAvailablePropertyTests
{
    private const int Iterations = 1000;
    private const ulong Seed = 20261202;
    private const int MaxRowSeats = 12;

    /// <summary>A row: seat categories, traits (used when present), and whether a new section starts at it.</summary>
    internal sealed record Row(byte[] Categories, byte[] Traits, bool HasTraits, bool NewSection);

    /// <summary>A step: 0 best available, 1 explicit seats, 2 payment, 3 failed payment, 4 cancel, 5 time passes.</summary>
    internal sealed record Step(int Kind, int Buyer, int Count, byte Category, SeatPreferences Preferences, int[] Seats, int OrderRef, long AdvanceMs);

    internal sealed record Script(Row[] Rows, Step[] Steps);

    private static readonly Gen<byte> Trait = Gen.Frequency((5, Gen.Const((byte)0)), (1, Gen.Byte[1, 3]));

    private static readonly Gen<Row> Rows = Gen.Select(
        Gen.Byte[0, 1].Array[0, MaxRowSeats],
        Trait.Array[MaxRowSeats],
        Gen.Bool,
        Gen.Int[0, 3],
        (categories, traits, hasTraits, section) => new Row(categories, traits, hasTraits, section == 0));

    private static readonly Gen<Step> Steps = Gen.Select(
        Gen.Frequency((6, Gen.Const(0)), (2, Gen.Const(1)), (2, Gen.Const(2)), (1, Gen.Const(3)), (2, Gen.Const(4)), (1, Gen.Const(5))),
        Gen.Int[0, 6],
        Gen.Int[1, 6],
        Gen.Byte[0, 1],
        Gen.Int[0, 3].Select(bits => (SeatPreferences)bits),
        Gen.Int[0, 8 * MaxRowSeats].Array[1, 3],
        Gen.Int[0, 1000],
        Gen.Long[0, 90_000],
        (kind, buyer, count, category, preferences, seats, orderRef, advance) => new Step(kind, buyer, count, category, preferences, seats, orderRef, advance));

    private static readonly Gen<Script> Scripts = Gen.Select(Rows.Array[1, 8], Steps.Array[1, 120], (rows, steps) => new Script(rows, steps));

    [Fact]
    public void Best_available_sells_no_seat_twice_keeps_to_its_rules_and_leaves_no_orphan() =>
        FixedSeeds.Check(Scripts, script =>
        {
            var layout = Layout(script.Rows);
            var h = new EngineHarness();
            h.RunSingle<SessionOpened>(EngineHarness.Open(1, layout, maxSeatsPerBuyer: 8, prices: [5_000, 3_000]));
            var map = h.Engine.State.Sessions[1].Seats;
            var orders = new List<(Guid Id, long Buyer)>();
            for (var i = 0; i < script.Steps.Length; i++)
            {
                var step = script.Steps[i];
                var earlier = orders.Count == 0 ? (Guid.Empty, step.Buyer) : orders[step.OrderRef % orders.Count];
                var orderId = new Guid(i + 1, 0, 0, new byte[8]);
                var takenBefore = Enumerable.Range(0, map.Capacity).Select(map.IsTaken).ToArray();
                switch (step.Kind)
                {
                    case 0:
                        orders.Add((orderId, step.Buyer));
                        var request = SeatRequest.Adjacent(step.Count, step.Category, step.Preferences);
                        var decision = Assert.Single(h.Run(new Purchase(orderId, 1, step.Buyer, request)));
                        if (decision is OrderHeld held)
                        {
                            Assert.Equal(BestAvailableSpec.Find(layout, takenBefore, step.Count, step.Category, step.Preferences), held.Seats);
                            AssertKeepsTheRules(layout, map, request, held.Seats);
                        }
                        else
                        {
                            Assert.IsType<Rejected>(decision);
                        }

                        break;
                    case 1:
                        orders.Add((orderId, step.Buyer));
                        h.Run(new Purchase(orderId, 1, step.Buyer, SeatRequest.Explicit(step.Seats)));
                        break;
                    case 2:
                        h.Run(new PaymentSucceeded(earlier.Item1, 1));
                        break;
                    case 3:
                        h.Run(new PaymentFailed(earlier.Item1, 1, "declined"));
                        break;
                    case 4:
                        h.Run(new Cancel(earlier.Item1, 1, earlier.Item2));
                        break;
                    default:
                        h.NowMs += step.AdvanceMs;
                        h.Run(Tick.Instance);
                        break;
                }

                InvariantChecks.AssertSeatsConsistent(h.Engine.State);
            }
        }, Iterations, Seed);

    /// <summary>
    /// The seats are of the category, restricted ones only for an accessible request (and then one is accessible),
    /// side by side in one row or, asked for a split, in two adjacent rows of one section; and no seat beside a
    /// block is left as the only free usable seat between the block and the end of its run.
    /// </summary>
    private static void AssertKeepsTheRules(SessionLayout layout, SeatMap map, SeatRequest request, int[] seats)
    {
        var accessible = (request.Preferences & SeatPreferences.Accessible) != 0;
        Assert.Equal(request.Count, seats.Length);
        Assert.All(seats, seat => Assert.Equal(request.Category, map.CategoryOf(seat)));
        Assert.All(seats, seat => Assert.True(accessible || !map.IsRestricted(seat), $"Seat {seat} is accessible or a companion seat."));
        Assert.True(!accessible || seats.Any(seat => (map.TraitsOf(seat) & SeatTraits.Accessible) != 0), "No accessible seat in an accessible block.");

        // Blocks: seats side by side within one row (the last seat of a row and the first of the next have consecutive ids).
        var blocks = seats.Select((seat, index) => (seat, index))
            .GroupBy(pair => (map.RowOf(pair.seat), pair.seat - pair.index), pair => pair.seat)
            .Select(group => group.ToArray())
            .ToList();
        if (blocks.Count == 2)
        {
            Assert.True((request.Preferences & SeatPreferences.SplitAcrossRows) != 0, "Split without being asked to.");
            var (front, back) = (map.RowOf(blocks[0][0]), map.RowOf(blocks[1][0]));
            Assert.Equal(front + 1, back);
            Assert.Equal(map.SectionOfRow(front), map.SectionOfRow(back));
            Assert.InRange(blocks[0].Length - blocks[1].Length, -1, 1);
        }
        else
        {
            Assert.Single(blocks);
        }

        foreach (var block in blocks)
        {
            var row = map.RowOf(block[0]);
            var rowLayout = layout.Rows[row];
            bool Usable(int seat) =>
                seat >= map.RowStart(row) && seat < map.RowStart(row + 1) && !map.IsTaken(seat) && map.CategoryOf(seat) == request.Category
                && BestAvailableSpec.MayUse(rowLayout, seat - map.RowStart(row), accessible);

            var (before, after) = (block[0] - 1, block[^1] + 1);
            Assert.False(Usable(before) && !Usable(before - 1), $"Seat {before} is left alone left of {block[0]}.");
            Assert.False(Usable(after) && !Usable(after + 1), $"Seat {after} is left alone right of {block[^1]}.");
        }
    }

    private static SessionLayout Layout(Row[] rows)
    {
        var section = 0;
        var layoutRows = new List<RowLayout>();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            section += i > 0 && row.NewSection ? 1 : 0;
            var traits = row.HasTraits ? row.Traits[..row.Categories.Length] : null;
            layoutRows.Add(new RowLayout($"R{i}", row.Categories, traits, section));
        }

        // An empty hall cannot be opened; give it one seat.
        return layoutRows.Sum(row => row.SeatCategories.Length) == 0 ? new SessionLayout([new RowLayout("R0", [0])]) : new SessionLayout(layoutRows);
    }
}
