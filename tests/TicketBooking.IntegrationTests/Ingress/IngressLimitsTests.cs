using System.Net;
using System.Text.Json;
using NATS.Client.JetStream;
using TicketBooking.Messaging;

namespace TicketBooking.IntegrationTests.Ingress;

/// <summary>Limits that hold for everyone, signed in or not: requests per client IP and per instance, and event streams.</summary>
[Collection(EngineStreams.Name)]
public sealed class IngressLimitsTests(ServicesFixture services)
{
    [Fact]
    public async Task Anonymous_reads_over_the_per_ip_limit_get_429_with_retry_after_and_health_is_never_limited()
    {
        await using var ingress = await IngressInstance.StartAsync(
            services, "--Ingress:LimitLoopbackClients=true", "--Ingress:ClientIpRatePermits=3", "--Ingress:ClientIpRateWindow=00:10:00");
        using var anonymous = ingress.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/sessions")).StatusCode);
        }

        await AssertLimitedAsync(await anonymous.GetAsync("/api/sessions"));
        await AssertLimitedAsync(await ingress.Client(buyerId: 5).GetAsync($"/api/orders/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Requests_over_the_instance_limit_get_429_whoever_sends_them_while_loopback_is_exempt_from_the_per_ip_limit()
    {
        await using var ingress = await IngressInstance.StartAsync(
            services, "--Ingress:ClientIpRatePermits=1", "--Ingress:GlobalRatePermits=3", "--Ingress:GlobalRateWindow=00:10:00");
        using var anonymous = ingress.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/sessions")).StatusCode);
        }

        await AssertLimitedAsync(await ingress.Client(buyerId: 6).GetAsync("/api/sessions"));
    }

    [Fact]
    public async Task Event_streams_over_the_per_ip_limit_get_429_and_a_stream_past_its_lifetime_is_ended_with_a_retry_hint()
    {
        await JetStreamSetup.EnsureStreamsAsync(new NatsJSContext(services.Nats), new StreamSettings(), CancellationToken.None);
        await using var ingress = await IngressInstance.StartAsync(
            services, "--Ingress:LimitLoopbackClients=true", "--Ingress:MaxStreamsPerClientIp=1", "--Ingress:MaxStreamLifetime=00:00:03");
        var session = await ingress.CreateSessionAsync(Random.Shared.NextInt64(1, 1L << 50), rows: 1, seatsPerRow: 2);
        using var client = ingress.Client(buyerId: 8);

        using (var first = await client.GetAsync("/api/orders/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            await AssertLimitedAsync(await client.GetAsync($"/api/sessions/{session}/availability/stream", HttpCompletionOption.ResponseHeadersRead));

            using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var text = await new StreamReader(await first.Content.ReadAsStreamAsync(ended.Token)).ReadToEndAsync(ended.Token);
            Assert.Contains("retry: 2000", text, StringComparison.Ordinal);
            Assert.Contains("event: ready", text, StringComparison.Ordinal);
        }

        // The ended stream gave its slot back.
        await Eventually.UntilAsync(async () =>
        {
            using var again = await client.GetAsync($"/api/sessions/{session}/availability/stream", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, "a new stream to be allowed");
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(429, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
    }
}
