namespace TicketBooking.LoadTests.Scenarios;

/// <summary>GET one URL at the step's rate: the raw request ceiling of a server.</summary>
public sealed class HttpGetScenario : IScenario
{
    private readonly Uri _url;

    /// <param name="url">Absolute http(s) URL.</param>
    public HttpGetScenario(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        _url = ScenarioUris.RequireHttp(url);
    }

    /// <inheritdoc />
    public string Name => "http-get";

    /// <inheritdoc />
    public string Description => $"GET {_url}";

    /// <inheritdoc />
    public IFollowUp? FollowUp => null;

    /// <inheritdoc />
    public ScenarioRequest CreateRequest(RequestContext context) => new(HttpMethod.Get, _url);
}
