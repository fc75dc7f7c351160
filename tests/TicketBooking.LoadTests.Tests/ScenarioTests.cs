using System.Text;
using System.Text.Json;
using TicketBooking.LoadTests.Scenarios;

namespace TicketBooking.LoadTests.Tests;

public class ScenarioTests
{
    [Fact]
    public void A_template_expands_the_same_way_for_the_same_seed_and_index()
    {
        var template = RequestTemplate.Parse("""{"i":{{index}},"id":"{{uuid}}","n":{{int:1:3}},"c":"{{pick:a|b}}"}""");

        var first = template.Expand(new RequestContext(7, seed: 42));
        var again = template.Expand(new RequestContext(7, seed: 42));
        var other = template.Expand(new RequestContext(8, seed: 42));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        using var document = JsonDocument.Parse(first);
        Assert.Equal(7, document.RootElement.GetProperty("i").GetInt64());
        Assert.True(Guid.TryParse(document.RootElement.GetProperty("id").GetString(), out _));
    }

    [Fact]
    public void Random_placeholders_stay_in_their_bounds()
    {
        var template = RequestTemplate.Parse("{{int:-2:2}} {{pick:x|y|z}}");
        var seen = Enumerable.Range(0, 500).Select(i => template.Expand(new RequestContext(i, 1)).Split(' ')).ToList();

        Assert.Equal(["-1", "-2", "0", "1", "2"], seen.Select(parts => parts[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["x", "y", "z"], seen.Select(parts => parts[1]).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{{nope}}")]
    [InlineData("{{int:5:1}}")]
    [InlineData("{{int:a:b}}")]
    [InlineData("{{pick:}}")]
    [InlineData("x {{index")]
    public void A_malformed_placeholder_is_refused(string text) =>
        Assert.Throws<FormatException>(() => RequestTemplate.Parse(text));

    [Fact]
    public void Post_json_builds_a_json_post_with_headers_and_refuses_a_body_that_is_not_json()
    {
        var scenario = new PostJsonScenario(
            RequestTemplate.Parse("http://127.0.0.1:5090/api/sessions/{{pick:s1|s2}}/orders"),
            RequestTemplate.Parse("""{"buyer":"b{{index}}","seats":{{int:1:4}}}"""),
            [new("X-Test", RequestTemplate.Parse("b{{index}}"))],
            followUp: null);

        var request = scenario.CreateRequest(new RequestContext(3, 42));
        using var message = request.ToMessage();

        Assert.Equal(HttpMethod.Post, message.Method);
        Assert.Matches("^/api/sessions/s[12]/orders$", message.RequestUri!.AbsolutePath);
        Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);
        Assert.StartsWith("{\"buyer\":\"b3\"", Encoding.UTF8.GetString(request.Body.Span), StringComparison.Ordinal);
        Assert.Equal("b3", message.Headers.GetValues("X-Test").Single());
        Assert.Throws<FormatException>(() => new PostJsonScenario(RequestTemplate.Parse("http://127.0.0.1/"), RequestTemplate.Parse("{not json"), [], null));
        Assert.Throws<FormatException>(() => new PostJsonScenario(RequestTemplate.Parse("ftp://127.0.0.1/"), RequestTemplate.Parse("{}"), [], null));
    }

    [Fact]
    public void Warm_up_requests_go_to_the_warm_up_url_when_one_is_given()
    {
        var scenario = new PostJsonScenario(
            RequestTemplate.Parse("http://127.0.0.1:5180/api/sessions/2/orders"),
            RequestTemplate.Parse("{}"),
            [],
            followUp: null,
            warmupUrl: RequestTemplate.Parse("http://127.0.0.1:5180/api/sessions/1/orders"));

        Assert.Equal("/api/sessions/1/orders", scenario.CreateRequest(new RequestContext(0, 1, isWarmup: true)).Uri.AbsolutePath);
        Assert.Equal("/api/sessions/2/orders", scenario.CreateRequest(new RequestContext(1, 1)).Uri.AbsolutePath);
        Assert.Throws<FormatException>(() => new PostJsonScenario(RequestTemplate.Parse("http://127.0.0.1/"), RequestTemplate.Parse("{}"), [], null, RequestTemplate.Parse("ftp://127.0.0.1/")));
    }

    [Fact]
    public void Http_get_sends_the_same_get_every_time()
    {
        var scenario = new HttpGetScenario(new Uri("http://127.0.0.1:5080/health/live"));

        var request = scenario.CreateRequest(new RequestContext(99, 1));

        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://127.0.0.1:5080/health/live", request.Uri.ToString());
        Assert.True(request.Body.IsEmpty);
        Assert.Null(scenario.FollowUp);
    }
}
