namespace TicketBooking.ServiceDefaults.Security;

/// <summary>Who is blocked now, as far as this process knows: a blocked user's still-valid token is refused.</summary>
public interface IBlockedUsers
{
    bool IsBlocked(long userId);
}
