using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>Declares the bearer token scheme (<c>AddTokenAuthentication</c>) that <see cref="SecurityRequirementTransformer"/> refers to.</summary>
internal sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeId = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(SchemeId, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from the wallet's POST /api/auth/token (or /api/auth/register, /api/auth/refresh), sent as Authorization: Bearer <token>.",
        });
        return Task.CompletedTask;
    }
}
