using TicketBooking.LoadTests.Auth;
using TicketBooking.LoadTests.Cli;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// What the <c>drop</c> command does, for it and for the load test that creates its sessions itself: probes the
/// ingress (or the conventional service), creates the plan's hall and sessions there and says so on stderr.
/// </summary>
internal static class SessionsOnSale
{
    public const int Created = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;

    /// <summary>The conventional service's development admin key (its appsettings.json).</summary>
    public const string ConventionalAdminKey = "dev-admin-key";

    /// <summary>
    /// Fresh sessions (ids from the clock) of a <paramref name="rows"/> x <paramref name="seatsPerRow"/> hall on
    /// <paramref name="target"/>; null when they could not be created (said on stderr).
    /// </summary>
    public static async Task<DropPlan?> OpenAsync(Uri target, int sessions, int rows, int seatsPerRow, string? conventionalAdminKey, CancellationToken cancellationToken)
    {
        var plan = DropPlan.FromClock(DateTimeOffset.UtcNow, sessions, rows, seatsPerRow);
        return await CreateAsync(target, plan, conventionalAdminKey, cancellationToken).ConfigureAwait(false) == Created ? plan : null;
    }

    /// <summary>One of the exit codes above; every failure is explained in one line on stderr.</summary>
    /// <param name="conventionalAdminKey">The conventional service's X-Admin-Key when <paramref name="target"/> is that service; null for the ingress.</param>
    public static async Task<int> CreateAsync(Uri target, DropPlan plan, string? conventionalAdminKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (await TargetProbe.CheckAsync(target, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            await Console.Error.WriteLineAsync(unreachable).ConfigureAwait(false);
            return Unreachable;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Task creating;
            if (conventionalAdminKey is not null)
            {
                creating = new ConventionalDropCreator(client, target, conventionalAdminKey, TimeProvider.System).CreateAsync(plan, cancellationToken);
            }
            else if (BuyerTokens.FromEnvironment() is { } tokens)
            {
                creating = new DropCreator(client, target, tokens.OperatorAuthorization(), TimeProvider.System).CreateAsync(plan, cancellationToken);
            }
            else
            {
                await Console.Error.WriteLineAsync($"drop: set {BuyerTokens.KeyVariable} to the services' token key (eval \"$(./tb env)\")").ConfigureAwait(false);
                return Usage;
            }

            await creating.ConfigureAwait(false);
        }
        catch (DropFailedException error)
        {
            await Console.Error.WriteLineAsync(CliValues.OneLine(error.Message)).ConfigureAwait(false);
            return Failed;
        }

        await Console.Error.WriteLineAsync($"drop: hall {plan.HallId} ({plan.Rows} x {plan.SeatsPerRow} seats), {plan.Sessions} session(s) {plan.FirstSessionId}..{plan.LastSessionId} on sale in {started.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
        return Created;
    }
}
