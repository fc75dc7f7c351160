using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>
/// A bearer security requirement on each operation whose endpoint requires authorization (and does not allow
/// anonymous callers), and a sentence in its description saying which callers its policy admits. Every other
/// operation gets an empty requirement list: it says outright that no token is needed.
/// </summary>
internal sealed class SecurityRequirementTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> WhoPolicyAdmits = new(StringComparer.Ordinal)
    {
        [Policies.Buyer] = "a signed-in user who is not blocked",
        [Policies.Organizer] = "a user with the organizer or admin role who is not blocked",
        [Policies.Admin] = "a user with the admin role who is not blocked",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).ToList();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return Task.CompletedTask;
        }

        operation.Security = [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(BearerSecuritySchemeTransformer.SchemeId, context.Document)] = [],
        });
        var admitted = policies.Select(policy => policy is null
            ? "a signed-in user"
            : WhoPolicyAdmits.TryGetValue(policy, out var who) ? who : throw new InvalidOperationException($"The policy '{policy}' has no description for the OpenAPI document."));
        var requirement = $"Needs the bearer token of {string.Join(" and of ", admitted.Distinct())}.";
        operation.Description = operation.Description is { Length: > 0 } description ? $"{description}\n\n{requirement}" : requirement;
        return Task.CompletedTask;
    }
}
