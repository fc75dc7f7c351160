using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// Creates a <see cref="DropPlan"/> through the ingress admin API: its showcase's city, venue, artist and event when it
/// has one, <c>PUT /api/admin/halls/{id}</c>,
/// then <c>POST /api/admin/sessions</c> per session, a few at a time. A 503 or a transport error is
/// retried with the same session id (the ingress finishes what an earlier attempt stored).
/// </summary>
public sealed class DropCreator
{
    private readonly HttpClient _client;
    private readonly Uri _ingress;
    private readonly string _authorization;
    private readonly TimeProvider _time;

    /// <param name="client">Client for the admin calls.</param>
    /// <param name="ingress">Base address of the ingress, such as http://127.0.0.1:5180.</param>
    /// <param name="authorization">The <c>Authorization</c> header of an organizer or admin, <c>Bearer ...</c>.</param>
    /// <param name="time">Clock for the sessions' start times and the retry delay.</param>
    public DropCreator(HttpClient client, Uri ingress, string authorization, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ingress);
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _ingress = ingress;
        _authorization = authorization;
        _time = time;
    }

    /// <summary>Time between attempts of one call.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Admin calls in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Creates the hall and every session; throws <see cref="DropFailedException"/> at the first call that does not succeed.</summary>
    public async Task CreateAsync(DropPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        foreach (var (path, body) in plan.Showcase?.Calls() ?? [])
        {
            await SendAsync(HttpMethod.Put, path, body, cancellationToken).ConfigureAwait(false);
        }

        await SendAsync(HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"/api/admin/halls/{plan.HallId}"), plan.HallBody(), cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        await Parallel.ForEachAsync(
            plan.SessionIds,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (id, token) => await SendAsync(HttpMethod.Post, "/api/admin/sessions", plan.SessionBody(id, now), token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private Task SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        RetriedCall.SendAsync(
            _client,
            () =>
            {
                var request = new HttpRequestMessage(method, new Uri(_ingress, path)) { Content = JsonContent.Create(body) };
                request.Headers.TryAddWithoutValidation("Authorization", _authorization);
                return request;
            },
            RetryDelay,
            _time,
            cancellationToken);
}

/// <summary>An admin call of a drop did not succeed.</summary>
public sealed class DropFailedException : Exception
{
    public DropFailedException()
    {
    }

    public DropFailedException(string message)
        : base(message)
    {
    }

    public DropFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
