namespace TicketBooking.ServiceDefaults.OpenApi;

/// <summary>What a service's OpenAPI document says about the service as a whole: its info and the server a client starts from.</summary>
/// <param name="Title">The API's name.</param>
/// <param name="Description">What the API is for, in a paragraph.</param>
/// <param name="ServerUrl">The address the service listens on by default (a local run); clients of a deployment set their own.</param>
public sealed record OpenApiContract(string Title, string Description, Uri ServerUrl)
{
    public const string Version = "1.0.0";

    /// <summary>The project's licence: open source, and no LICENSE file says otherwise.</summary>
    public const string LicenseName = "MIT";
}
