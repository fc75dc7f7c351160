using System.Text;
using System.Text.Json;

namespace TicketBooking.LoadTests.Scenarios;

/// <summary>
/// POST a JSON body built from a <see cref="RequestTemplate"/> to a URL that may be a template
/// too (<c>http://127.0.0.1:5080/api/sessions/{{pick:s1|s2}}/orders</c>), headers whose values are
/// templates (<c>Idempotency-Key: {{uuid}}</c>), and an optional follow-up. Warm-up requests may go to a URL
/// of their own, so that warming up does not use up what the measured requests are about (a hall's seats).
/// </summary>
public sealed class PostJsonScenario : IScenario
{
    private readonly RequestTemplate _url;
    private readonly RequestTemplate _warmupUrl;
    private readonly RequestTemplate _body;
    private readonly IReadOnlyList<KeyValuePair<string, RequestTemplate>> _headers;

    /// <summary>
    /// Checks both templates by expanding request 0: the URL must be absolute http(s) and the body
    /// valid JSON, else <see cref="FormatException"/>.
    /// </summary>
    public PostJsonScenario(RequestTemplate url, RequestTemplate body, IReadOnlyList<KeyValuePair<string, RequestTemplate>> headers, IFollowUp? followUp, RequestTemplate? warmupUrl = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(headers);
        _url = url;
        _warmupUrl = warmupUrl ?? url;
        _body = body;
        _headers = headers;
        FollowUp = followUp;
        var sample = CreateRequest(new RequestContext(0, 0));
        ScenarioUris.ParseHttp(_warmupUrl.Expand(new RequestContext(0, 0, isWarmup: true)));
        try
        {
            using var document = JsonDocument.Parse(sample.Body);
        }
        catch (JsonException error)
        {
            throw new FormatException($"The body template does not expand to JSON: {error.Message}", error);
        }
    }

    /// <inheritdoc />
    public string Name => "post-json";

    /// <inheritdoc />
    public string Description => $"POST {_url.Text} (JSON template, {_body.Text.Length} chars)" + (FollowUp is null ? string.Empty : $", then {FollowUp.Description}");

    /// <inheritdoc />
    public IFollowUp? FollowUp { get; }

    /// <inheritdoc />
    public ScenarioRequest CreateRequest(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var uri = ScenarioUris.ParseHttp((context.IsWarmup ? _warmupUrl : _url).Expand(context));
        return new ScenarioRequest(HttpMethod.Post, uri)
        {
            Body = Encoding.UTF8.GetBytes(_body.Expand(context)),
            ContentType = "application/json",
            Headers = [.. _headers.Select(header => KeyValuePair.Create(header.Key, header.Value.Expand(context)))],
        };
    }
}
