using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>
/// Lists each operation's responses by status code. ASP.NET lists them in the order the endpoint's metadata has them:
/// its group's conventions, the types of its handler's result union, then its own conventions, which is no order a
/// reader looks for and changes whenever a union's types are reordered.
/// </summary>
internal sealed class ResponseOrderTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is { Count: > 1 } responses)
        {
            var ordered = responses.OrderBy(response => response.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (status, response) in ordered)
            {
                responses.Add(status, response);
            }
        }

        return Task.CompletedTask;
    }
}
