using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TicketBooking.IntegrationTests.Notifications;

/// <summary>
/// An integrator's webhook endpoint on a free loopback port (Kestrel in this process): records every POST with its
/// headers and raw body, and answers 500 to the first <c>failures</c> attempts of each webhook-id, 200 after.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Id, string Timestamp, string Signature, byte[] Body, int Answer);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var id = http.Request.Headers["webhook-id"].ToString();
            var attempt = receiver._attempts.AddOrUpdate(id, 1, (_, seen) => seen + 1);
            var answer = attempt <= failures ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            receiver.Requests.Enqueue(new Received(id, http.Request.Headers["webhook-timestamp"].ToString(), http.Request.Headers["webhook-signature"].ToString(), body.ToArray(), answer));
            return Results.StatusCode(answer);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
