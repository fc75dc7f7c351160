using Microsoft.Extensions.Options;
using TicketBooking.Identity.Users;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Identity;

/// <summary>
/// The first administrator of an installation: when <c>Identity:Admin:Email</c> is set and no user has that
/// e-mail, one is registered with <c>Identity:Admin:Password</c> and the roles buyer and admin. An existing
/// user with that e-mail is left as it is.
/// </summary>
public sealed class AdminBootstrap(UserStore users, IOptions<IdentityOptions> options, ILogger<AdminBootstrap> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value.Admin;
        if (string.IsNullOrEmpty(admin.Email) || !EmailAddress.TryNormalize(admin.Email, out var email))
        {
            return;
        }

        if (await users.FindCredentialsAsync(email, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var created = await users.RegisterAsync("Administrator", admin.Email.Trim(), email, Passwords.Hash(admin.Password), [Roles.Buyer, Roles.Admin], cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            logger.LogInformation("Created the administrator {Email} (user {UserId})", email, created.Id);
        }
    }
}
