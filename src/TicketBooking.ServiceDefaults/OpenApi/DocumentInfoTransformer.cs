using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>
/// The document's info and servers from the service's <see cref="OpenApiContract"/>. The server replaces the
/// one ASP.NET derives from the request, so the document is the same whichever address served it.
/// </summary>
internal sealed class DocumentInfoTransformer(OpenApiContract contract) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = contract.Title,
            Version = OpenApiContract.Version,
            Description = contract.Description,
            License = new OpenApiLicense { Name = OpenApiContract.LicenseName, Identifier = OpenApiContract.LicenseName },
        };
        document.Servers = [new OpenApiServer { Url = contract.ServerUrl.GetLeftPart(UriPartial.Authority), Description = "A local run on this machine (./tb run)." }];
        return Task.CompletedTask;
    }
}
