using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>
/// Describes each tag of the document from the endpoints' <see cref="TagDescription"/> metadata. A tag nobody
/// described fails the document, so a new tag cannot slip into the contract undescribed.
/// </summary>
internal sealed class TagDescriptionTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var descriptions = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(description => description.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .DistinctBy(tag => tag.Name)
            .ToDictionary(tag => tag.Name, tag => tag.Description, StringComparer.Ordinal);
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description = tag.Name is { } name && descriptions.TryGetValue(name, out var description)
                ? description
                : throw new InvalidOperationException($"The tag '{tag.Name}' has no description: tag its endpoints with WithTag(name, description).");
        }

        return Task.CompletedTask;
    }
}
