namespace TicketBooking.Engine.Promotions;

public enum PromoKind
{
    /// <summary><see cref="PromoCodeTerms.Value"/> percent (1 to 100) of the eligible seats' list price, rounded down.</summary>
    Percent = 1,

    /// <summary><see cref="PromoCodeTerms.Value"/> minor units off, at most the eligible seats' list price.</summary>
    Fixed = 2,
}
