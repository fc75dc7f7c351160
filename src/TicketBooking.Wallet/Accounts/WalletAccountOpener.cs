using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Identity.Users;

namespace TicketBooking.Wallet.Accounts;

/// <summary>Registering opens the user's wallet account, empty, in the wallet's currency, in the registration's transaction.</summary>
public sealed class WalletAccountOpener(IOptions<WalletOptions> options) : IRegistrationHook
{
    public async Task OnRegisteredAsync(long userId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var open = new NpgsqlCommand("INSERT INTO wallet.accounts (buyer_id, currency) VALUES ($1, $2) ON CONFLICT (buyer_id) DO NOTHING", connection, transaction);
        open.Parameters.AddWithValue(userId);
        open.Parameters.AddWithValue(options.Value.Currency);
        await open.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
