using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Identity.Users;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Identity;

/// <summary>
/// The blocked users, read from <c>identity.users</c> every <see cref="IdentityOptions.BlockListRefreshInterval"/>,
/// so a block reaches every ingress and wallet within that interval even while the user's access token is valid.
/// While PostgreSQL is away the last list read stays in force.
/// </summary>
public sealed class BlockList(UserStore users, IOptions<IdentityOptions> options, ILogger<BlockList> logger) : BackgroundService, IBlockedUsers
{
    private volatile HashSet<long> _blocked = [];

    public bool IsBlocked(long userId) => _blocked.Contains(userId);

    /// <summary>Takes a change made by this process at once, ahead of the next read.</summary>
    public void Set(long userId, bool blocked)
    {
        var next = new HashSet<long>(_blocked);
        if (blocked ? next.Add(userId) : next.Remove(userId))
        {
            _blocked = next;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BlockListRefreshInterval);
        do
        {
            try
            {
                _blocked = await users.BlockedIdsAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // Before the wallet has migrated the identity schema, or while PostgreSQL is away.
                logger.LogWarning(e, "Reading the blocked users failed; keeping the {Count} known", _blocked.Count);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
