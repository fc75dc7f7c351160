using System.Globalization;

namespace TicketBooking.LoadTests.Queue;

/// <summary>
/// What the <c>queue</c> scenario does: <see cref="Visitors"/> buyers (ids from <see cref="FirstVisitor"/>) join the
/// session's waiting room before the sale starts, <see cref="JoinConcurrency"/> at a time; then the sale starts
/// <see cref="SaleDelay"/> later, <see cref="LateVisitors"/> more join one by one after the shuffle, the first
/// <see cref="Followers"/> visitors follow their standing by long poll and every <see cref="BuyEvery"/>-th of them
/// buys when admitted.
/// </summary>
public sealed record QueueSettings
{
    /// <summary>Largest id the ingress reads from JSON without loss (2^53), as for drops.</summary>
    public const long MaxId = 1L << 53;

    public required Uri Ingress { get; init; }

    /// <summary>The session's id, also its hall's.</summary>
    public required long SessionId { get; init; }

    public long FirstVisitor { get; init; } = 1;

    public int Visitors { get; init; } = 100_000;

    public int LateVisitors { get; init; } = 200;

    public int JoinConcurrency { get; init; } = 64;

    public int Followers { get; init; } = 2000;

    public int BuyEvery { get; init; } = 100;

    public int AdmitPerMinute { get; init; } = 60_000;

    /// <summary>How long after the last join the sale starts.</summary>
    public TimeSpan SaleDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long admission may take after the start before the run gives up; null: twice what the rate needs, plus a minute.</summary>
    public TimeSpan? AdmissionTimeout { get; init; }

    /// <summary>Folder for queue.json and queue.txt; null: loadtests/reports/&lt;UTC timestamp&gt;-queue/.</summary>
    public string? Out { get; init; }

    public int Total => Visitors + LateVisitors;

    /// <summary>Visitors that buy when admitted.</summary>
    public int Buyers => ((Followers - 1) / BuyEvery) + 1;

    public TimeSpan AdmissionLimit => AdmissionTimeout ?? TimeSpan.FromSeconds((2.0 * Total * 60 / AdmitPerMinute) + 60);

    /// <summary>The id of the <paramref name="index"/>-th visitor (from 0; late visitors follow the others).</summary>
    public long VisitorId(int index) => FirstVisitor + index;

    /// <summary>Whether follower <paramref name="index"/> buys when admitted.</summary>
    public bool Buys(int index) => index % BuyEvery == 0;

    /// <summary>Throws <see cref="FormatException"/> with a one-line reason unless the settings can run.</summary>
    public void Validate()
    {
        if (Visitors < 1 || JoinConcurrency < 1 || Followers < 1 || BuyEvery < 1 || LateVisitors < 0)
        {
            throw new FormatException("--visitors, --join-concurrency, --followers and --buy-every must be at least 1, --late-visitors at least 0.");
        }

        if (Followers > Visitors)
        {
            throw new FormatException(Invariant($"--followers cannot be more than --visitors ({Followers} > {Visitors}): the followers are the first visitors."));
        }

        if (AdmitPerMinute is < 1 or > 1_000_000)
        {
            throw new FormatException("--admit-per-minute must be between 1 and 1000000.");
        }

        if (SessionId < 1 || SessionId >= MaxId || FirstVisitor < 1 || FirstVisitor + Total - 1 >= MaxId)
        {
            throw new FormatException(Invariant($"--session and the visitors' ids (--first-visitor on) must run from 1 to {MaxId - 1}."));
        }

        if (SaleDelay < TimeSpan.FromSeconds(1))
        {
            throw new FormatException("--sale-delay must be at least 1s: the room's board has to learn the new start before it comes.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
