using Npgsql;

namespace TicketBooking.Identity.Users;

/// <summary>
/// What else a registration creates, in its own transaction: the wallet opens the user's account there
/// (registering opens the payment account), so a user never exists without one.
/// </summary>
public interface IRegistrationHook
{
    Task OnRegisteredAsync(long userId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
