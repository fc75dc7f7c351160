using Microsoft.Extensions.DependencyInjection;

namespace TicketBooking.ServiceDefaults.OpenApi;

public static class OpenApiContractExtensions
{
    /// <summary>
    /// The OpenAPI document at /openapi/v1.json, described as a contract a client can be generated from: info and
    /// server from <paramref name="contract"/>, tag descriptions, the bearer scheme and the operations that need
    /// it, the headers endpoints declare (<see cref="OpenApiEndpointExtensions"/>), and responses in status order.
    /// </summary>
    public static IServiceCollection AddOpenApiContract(this IServiceCollection services, OpenApiContract contract) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(new DocumentInfoTransformer(contract));
            options.AddDocumentTransformer(new TagDescriptionTransformer());
            options.AddDocumentTransformer(new BearerSecuritySchemeTransformer());
            options.AddOperationTransformer(new SecurityRequirementTransformer());
            options.AddOperationTransformer(new DocumentedParameterTransformer());
            options.AddOperationTransformer(new ResponseOrderTransformer());
        });
}
