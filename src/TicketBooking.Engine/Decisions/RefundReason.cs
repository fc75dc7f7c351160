namespace TicketBooking.Engine.Decisions;

public enum RefundReason
{
    /// <summary>The payment arrived after the hold had expired or been cancelled.</summary>
    LatePayment = 1,

    /// <summary>The buyer cancelled a paid order before the show.</summary>
    Cancelled = 2,
}
