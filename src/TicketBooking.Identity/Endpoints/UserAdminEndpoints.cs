using Microsoft.AspNetCore.Http.HttpResults;
using TicketBooking.Identity.Users;
using TicketBooking.ServiceDefaults.Http;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Identity.Endpoints;

/// <summary>Administrators' user management under <c>/api/admin/users</c>: read a user, block and unblock, set roles.</summary>
public static class UserAdminEndpoints
{
    public const int MaxReasonLength = 500;

    public static void MapUserAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/admin/users").WithTag("User administration", "Administrators read users, block and unblock them and set their roles.")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapGet("/{userId}", GetAsync)
            .WithName("GetUser")
            .WithSummary("A user, with its roles and whether it is blocked.");
        users.MapPost("/{userId}/block", BlockAsync)
            .WithName("BlockUser")
            .WithSummary("Blocks a user: no sign-in, refresh or order from now on (every service knows within seconds); tickets already issued stay valid.")
            .Accepts<BlockRequest>("application/json");
        users.MapPost("/{userId}/unblock", UnblockAsync)
            .WithName("UnblockUser")
            .WithSummary("Lifts a block.");
        users.MapPut("/{userId}/roles", SetRolesAsync)
            .WithName("SetUserRoles")
            .WithSummary("Replaces a user's roles (buyer, organizer, admin); they take effect with its next access token.")
            .Accepts<RolesRequest>("application/json");
    }

    private static async Task<Results<Ok<UserAccount>, NotFoundProblem>> GetAsync(long userId, UserStore users, CancellationToken cancellationToken) =>
        await users.FindAsync(userId, cancellationToken).ConfigureAwait(false) is { } user ? TypedResults.Ok(user) : NoUser(userId);

    private static async Task<Results<Ok<UserAccount>, BodyProblem, UnprocessableProblem, ConflictProblem, NotFoundProblem>> BlockAsync(
        long userId, HttpContext http, UserStore users, BlockList blockList, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<BlockRequest>(http.Request, JsonBody.DefaultMaxBytes, BlockRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return new UnprocessableProblem("reason", $"Why the user is blocked, 1 to {MaxReasonLength} characters.");
        }

        if (userId == Caller.IdOf(http))
        {
            return new ConflictProblem("An administrator cannot block itself.");
        }

        var user = await users.SetBlockedAsync(userId, reason, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return NoUser(userId);
        }

        blockList.Set(userId, blocked: true);
        return TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<UserAccount>, NotFoundProblem>> UnblockAsync(long userId, UserStore users, BlockList blockList, CancellationToken cancellationToken)
    {
        var user = await users.SetBlockedAsync(userId, null, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return NoUser(userId);
        }

        blockList.Set(userId, blocked: false);
        return TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<UserAccount>, BodyProblem, UnprocessableProblem, ConflictProblem, NotFoundProblem>> SetRolesAsync(
        long userId, HttpContext http, UserStore users, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RolesRequest>(http.Request, JsonBody.DefaultMaxBytes, RolesRequest.Form, cancellationToken).ConfigureAwait(false);
        if (!body.TryGetValue(out var request, out var problem))
        {
            return problem;
        }

        if (request.Roles is not { Count: > 0 } roles || roles.Any(role => role is null || !Roles.IsKnown(role)))
        {
            return new UnprocessableProblem("roles", $"One or more of: {string.Join(", ", Roles.All)}.");
        }

        if (userId == Caller.IdOf(http) && !roles.Contains(Roles.Admin))
        {
            return new ConflictProblem("An administrator cannot take its own admin role away.");
        }

        return await users.SetRolesAsync(userId, [.. roles.Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(user)
            : NoUser(userId);
    }

    private static NotFoundProblem NoUser(long userId) => new($"There is no user {userId}.");
}
