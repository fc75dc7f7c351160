using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TicketBooking.LoadTests.Target;

/// <summary>
/// A trivial Kestrel server on loopback to point the generator at (the <c>serve</c> command, and the
/// tests): it measures the generator and the HTTP stack, not TicketBooking.
/// <list type="bullet">
/// <item><c>GET /health/live</c>: 200 <c>Healthy</c>;</item>
/// <item><c>POST /api/sessions/{sessionId}/orders</c>: 202 with <c>{"orderId": ...}</c> and a <c>Location</c>;</item>
/// <item><c>GET /api/orders/{orderId}</c>: <c>{"status":"pending"}</c> until <c>decideAfter</c> has passed
/// since the order was accepted, then <c>{"status":"confirmed"}</c>. The acceptance time is inside the
/// order id, so the server keeps no state.</item>
/// </list>
/// </summary>
public static class TargetServer
{
    /// <summary>A server listening on <paramref name="url"/> (port 0 picks a free one; read it from <c>Urls</c> after start).</summary>
    public static WebApplication Build(string url, TimeSpan decideAfter)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        long orders = 0;
        long decideAfterTicks = (long)(decideAfter.TotalSeconds * Stopwatch.Frequency);

        app.MapGet("/health/live", () => Results.Text("Healthy"));
        app.MapPost("/api/sessions/{sessionId}/orders", async (string sessionId, HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            var orderId = string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetTimestamp():x}-{Interlocked.Increment(ref orders):x}");
            var body = Results.Text($$"""{"orderId":"{{orderId}}","sessionId":"{{sessionId}}"}""", "application/json", statusCode: StatusCodes.Status202Accepted);
            return new AcceptedAt($"/api/orders/{orderId}", body);
        });
        app.MapGet("/api/orders/{orderId}", (string orderId) =>
        {
            var dash = orderId.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !long.TryParse(orderId.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var acceptedAt))
            {
                return Results.NotFound();
            }

            var status = Stopwatch.GetTimestamp() - acceptedAt >= decideAfterTicks ? "confirmed" : "pending";
            return Results.Text($$"""{"orderId":"{{orderId}}","status":"{{status}}"}""", "application/json");
        });
        return app;
    }

    private sealed class AcceptedAt(string location, IResult body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return body.ExecuteAsync(httpContext);
        }
    }
}
