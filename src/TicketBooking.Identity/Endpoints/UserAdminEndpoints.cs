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
        var users = routes.MapGroup("/api/admin/users").WithTag("User administration", "Administrators read users, block and unblock them and set their roles.").RequireAuthorization(Policies.Admin);
        users.MapGet("/{userId}", GetAsync)
            .WithName("GetUser")
            .WithSummary("A user, with its roles and whether it is blocked.")
            .Produces<UserAccount>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{userId}/block", BlockAsync)
            .WithName("BlockUser")
            .WithSummary("Blocks a user: no sign-in, refresh or order from now on (every service knows within seconds); tickets already issued stay valid.")
            .Accepts<BlockRequest>("application/json")
            .Produces<UserAccount>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        users.MapPost("/{userId}/unblock", UnblockAsync)
            .WithName("UnblockUser")
            .WithSummary("Lifts a block.")
            .Produces<UserAccount>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/{userId}/roles", SetRolesAsync)
            .WithName("SetUserRoles")
            .WithSummary("Replaces a user's roles (buyer, organizer, admin); they take effect with its next access token.")
            .Accepts<RolesRequest>("application/json")
            .Produces<UserAccount>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> GetAsync(long userId, UserStore users, CancellationToken cancellationToken) =>
        await users.FindAsync(userId, cancellationToken).ConfigureAwait(false) is { } user ? TypedResults.Ok(user) : NoUser(userId);

    private static async Task<IResult> BlockAsync(long userId, HttpContext http, UserStore users, BlockList blockList, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<BlockRequest>(http.Request, """{"reason": "chargeback fraud"}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var reason = request!.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Problems.Invalid("reason", $"Why the user is blocked, 1 to {MaxReasonLength} characters.");
        }

        if (userId == Caller.IdOf(http))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "An administrator cannot block itself.");
        }

        var user = await users.SetBlockedAsync(userId, reason, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return NoUser(userId);
        }

        blockList.Set(userId, blocked: true);
        return TypedResults.Ok(user);
    }

    private static async Task<IResult> UnblockAsync(long userId, UserStore users, BlockList blockList, CancellationToken cancellationToken)
    {
        var user = await users.SetBlockedAsync(userId, null, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return NoUser(userId);
        }

        blockList.Set(userId, blocked: false);
        return TypedResults.Ok(user);
    }

    private static async Task<IResult> SetRolesAsync(long userId, HttpContext http, UserStore users, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<RolesRequest>(http.Request, """{"roles": ["buyer", "organizer"]}""", cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Roles is not { Count: > 0 } roles || roles.Any(role => role is null || !Roles.IsKnown(role)))
        {
            return Problems.Invalid("roles", $"One or more of: {string.Join(", ", Roles.All)}.");
        }

        if (userId == Caller.IdOf(http) && !roles.Contains(Roles.Admin))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "An administrator cannot take its own admin role away.");
        }

        return await users.SetRolesAsync(userId, [.. roles.Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(user)
            : NoUser(userId);
    }

    private static IResult NoUser(long userId) => Problems.Status(StatusCodes.Status404NotFound, $"There is no user {userId}.");
}
