namespace TicketBooking.Demo;

/// <summary>Numbers the demo's inputs and stamps them as if 10,000 arrived per second.</summary>
internal sealed class DemoClock
{
    public long LastInput { get; private set; }

    public long NowMs { get; private set; } = 1_800_000_000_000;

    public long NextInput()
    {
        if (++LastInput % 10 == 0)
        {
            NowMs++;
        }

        return LastInput;
    }

    public void Advance(long milliseconds) => NowMs += milliseconds;
}
