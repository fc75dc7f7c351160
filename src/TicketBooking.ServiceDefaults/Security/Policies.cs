namespace TicketBooking.ServiceDefaults.Security;

/// <summary>The authorization policies endpoints name in <c>RequireAuthorization</c>.</summary>
public static class Policies
{
    /// <summary>A signed-in user who is not blocked: buys, reads and cancels its own orders, uses its own wallet.</summary>
    public const string Buyer = "buyer";

    /// <summary>An organizer or an admin who is not blocked: catalog writes (an organizer only on what it owns).</summary>
    public const string Organizer = "organizer";

    /// <summary>An admin who is not blocked.</summary>
    public const string Admin = "admin";
}
