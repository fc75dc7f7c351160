namespace TicketBooking.Wallet.Loyalty;

/// <summary>One loyalty entry of an order: <see cref="Points"/> &gt; 0, the kind giving the sign; <see cref="Rate"/> for earnings.</summary>
public sealed record LoyaltyEntry(Guid OrderId, long SessionId, long BuyerId, LoyaltyKind Kind, long Points, EarnRate? Rate = null);
