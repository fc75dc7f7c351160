using System.Net.Http.Headers;

namespace TicketBooking.LoadTests.Scenarios;

/// <summary>One request a scenario wants sent: method, absolute URI, optional body and headers.</summary>
public sealed record ScenarioRequest(HttpMethod Method, Uri Uri)
{
    /// <summary>The body; empty for none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Content type of the body, such as <c>application/json</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>Extra request headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The message to hand to <see cref="HttpClient"/>; the caller disposes it.</summary>
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Uri);
        if (!Body.IsEmpty)
        {
            var content = new ReadOnlyMemoryContent(Body);
            if (ContentType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }

            message.Content = content;
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
