namespace TicketBooking.Engine.Decisions;

public enum RejectReason
{
    UnknownSession = 1,
    SessionClosed = 2,
    SessionExists = 3,
    InvalidSession = 4,
    InvalidRequest = 5,
    InvalidSeat = 6,
    SeatTaken = 7,
    SoldOut = 8,
    NoAdjacentSeats = 9,
    OverBuyerLimit = 10,
    DuplicateOrder = 11,
    UnknownOrder = 12,
    NotOrderOwner = 13,
    NotHeld = 14,
    AlreadySettled = 15,
    NotCancellable = 16,
    ShowStarted = 17,

    /// <summary>The seats' prices add up to more than an amount can hold.</summary>
    PriceOverflow = 18,

    /// <summary>No promo code of that text is defined in the session's partition.</summary>
    UnknownPromoCode = 19,

    /// <summary>The purchase's time is outside the code's validity window.</summary>
    PromoCodeNotActive = 20,

    /// <summary>The code's uses (this partition's share) are all taken by live orders.</summary>
    PromoCodeUsedUp = 21,

    /// <summary>The buyer's live orders already use the code as often as one buyer may.</summary>
    PromoCodeBuyerLimit = 22,

    /// <summary>The code is not for this session, or none of the seats is of a category it discounts.</summary>
    PromoCodeNotApplicable = 23,

    /// <summary>A promo code definition that breaks its rules (<see cref="Promotions.PromoCodeTerms.ProblemOf"/>).</summary>
    InvalidPromoCode = 24,

    /// <summary>The promo code id, or its text, is defined in this partition already; the first definition stays.</summary>
    PromoCodeExists = 25,

    /// <summary>The order was extended as often as its session allows (<see cref="Commands.OpenSession.MaxHoldExtensions"/>).</summary>
    HoldExtensionLimit = 26,

    /// <summary>The order's session allows no hold extension.</summary>
    HoldExtensionsDisabled = 27,
}
