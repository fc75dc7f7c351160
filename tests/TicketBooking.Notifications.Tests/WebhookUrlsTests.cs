namespace TicketBooking.Notifications.Tests;

public sealed class WebhookUrlsTests
{
    [Theory]
    [InlineData("https://hooks.example.com/tb", false)]
    [InlineData("https://hooks.example.com/tb", true)]
    [InlineData("http://127.0.0.1:5999/hook", true)]
    [InlineData("http://localhost:5999/hook", true)]
    [InlineData("http://[::1]:5999/hook", true)]
    public void Https_or_loopback_http_when_allowed_is_accepted(string url, bool allowLoopbackHttp)
    {
        Assert.Null(WebhookUrls.Problem(url, allowLoopbackHttp, out var uri));
        Assert.NotNull(uri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5999/hook", false)]
    [InlineData("http://hooks.example.com/tb", true)]
    [InlineData("ftp://hooks.example.com/tb", true)]
    [InlineData("/relative", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("https://user:pass@hooks.example.com/tb", true)]
    [InlineData("https://hooks.example.com/tb#part", true)]
    public void Anything_else_is_refused(string? url, bool allowLoopbackHttp)
    {
        Assert.NotNull(WebhookUrls.Problem(url, allowLoopbackHttp, out var uri));
        Assert.Null(uri);
    }

    [Fact]
    public void An_overlong_url_is_refused() =>
        Assert.NotNull(WebhookUrls.Problem("https://example.com/" + new string('a', WebhookUrls.MaxLength), false, out _));
}
