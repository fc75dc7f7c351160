namespace TicketBooking.Wallet.Accounts;

/// <summary>Body of <c>POST /api/wallet/account</c>.</summary>
public sealed record OpenAccountRequest(string? Currency)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"currency": "EUR"}""";
}

/// <summary>
/// Body of the provider's callback <c>POST /api/payment-provider/callbacks</c>: payment <see cref="PaymentId"/> of
/// <see cref="Amount"/> minor units of <see cref="Currency"/> for buyer <see cref="BuyerId"/>; only <c>succeeded</c> credits.
/// </summary>
public sealed record ProviderCallback(string? PaymentId, long? BuyerId, long? Amount, string? Currency, string? Status)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"paymentId": "pay_123", "buyerId": 42, "amount": 5000, "currency": "EUR", "status": "succeeded"}""";
}

/// <summary>Body of <c>POST /api/admin/wallet/credits</c>: an administrator credits a buyer, saying why.</summary>
public sealed record AdminCreditRequest(long? BuyerId, long? Amount, string? Currency, string? Reason)
{
    /// <summary>The body's form, as a problem answering an unreadable one shows it.</summary>
    public const string Form = """{"buyerId": 42, "amount": 5000, "currency": "EUR", "reason": "goodwill for ticket 7"}""";
}

/// <summary>A buyer's account: <see cref="Balance"/> in minor units of <see cref="Currency"/>.</summary>
public sealed record AccountView(long BuyerId, string Currency, long Balance);

/// <summary>One ledger entry. Kind is top_up, debit or refund; debits and refunds name their order.</summary>
public sealed record LedgerEntryView(long EntryId, string Kind, long Amount, Guid? OrderId, long? SessionId, DateTimeOffset CreatedAt);

/// <summary>The answer to a credited top-up (and to its replays): the entry and the account's balance now.</summary>
public sealed record TopUpReceipt(LedgerEntryView Entry, string Currency, long Balance);

/// <summary>Ledger entries newest first; pass <see cref="Next"/> as <c>before</c> for the older ones (null at the end).</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEntryView> Entries, long? Next);
