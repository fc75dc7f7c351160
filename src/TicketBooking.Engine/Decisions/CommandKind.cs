namespace TicketBooking.Engine.Decisions;

/// <summary>Which command a <see cref="Rejected"/> decision answers.</summary>
public enum CommandKind
{
    OpenSession = 1,
    CloseSession = 2,
    Purchase = 3,
    PaymentSucceeded = 4,
    PaymentFailed = 5,
    Cancel = 6,
    Unreadable = 7,
    DefinePromoCode = 8,
    ExtendHold = 9,
}
