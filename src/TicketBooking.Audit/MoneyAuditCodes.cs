namespace TicketBooking.Audit;

/// <summary>The codes of the money audit's findings.</summary>
public static class MoneyAuditCodes
{
    public const string BalanceIdentity = "money-balance-identity";
    public const string AccountOutOfBalance = "money-account-out-of-balance";
    public const string DoubleDebit = "money-double-debit";
    public const string DoubleRefund = "money-double-refund";
    public const string DebitWithoutHold = "money-debit-without-hold";
    public const string DebitMismatch = "money-debit-mismatch";
    public const string ConfirmedWithoutDebit = "money-confirmed-without-debit";
    public const string RefundDueTwice = "money-refund-due-twice";
    public const string RefundWithoutDebit = "money-refund-without-debit";
    public const string RefundWithoutRefundDue = "money-refund-without-refund-due";
}
