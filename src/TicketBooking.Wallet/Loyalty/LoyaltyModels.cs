namespace TicketBooking.Wallet.Loyalty;

/// <summary>
/// The answer of <c>GET /api/loyalty</c>: the points <see cref="Balance"/> (below zero after an earning was reversed
/// whose points were spent), <see cref="Frozen"/> while the buyer is blocked (no spending), and the level reached by the
/// points earned in the last 12 months, with the next level and the points still missing (null at the top).
/// </summary>
public sealed record LoyaltyView(long Balance, bool Frozen, string Level, long EarnedLast12Months, string? NextLevel, long? PointsToNextLevel);

/// <summary>One loyalty entry: its kind (earn, earn_reversal, spend, spend_return), the points signed by their effect on the balance, and when.</summary>
public sealed record LoyaltyEntryView(long EntryId, Guid OrderId, string Kind, long Points, DateTimeOffset At);

/// <summary>Loyalty entries newest first; pass <see cref="Next"/> as <c>before</c> for the older ones (null at the end).</summary>
public sealed record LoyaltyHistoryPage(IReadOnlyList<LoyaltyEntryView> Entries, long? Next);

/// <summary>A buyer's points as stored: the balance, what was earned since the window's start, and whether the buyer is blocked.</summary>
public sealed record LoyaltySummary(long Balance, long EarnedInWindow, bool Blocked);
