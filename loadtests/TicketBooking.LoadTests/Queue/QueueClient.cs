using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TicketBooking.LoadTests.Auth;
using TicketBooking.LoadTests.Drop;

namespace TicketBooking.LoadTests.Queue;

/// <summary>An answer the scenario did not expect from a waiting-room call.</summary>
public sealed class QueueCallException : Exception
{
    public QueueCallException()
    {
    }

    public QueueCallException(string message)
        : base(message)
    {
    }

    public QueueCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The waiting-room calls of one session through the ingress: the organizer's (room, counts, visitors pages, with the
/// operator's admin token) and each buyer's (join, standing, purchase, with that buyer's token).
/// </summary>
public sealed class QueueClient(HttpClient client, Uri ingress, long sessionId, BuyerTokens tokens)
{
    /// <summary>The header a purchase of a queued session carries its admission token in.</summary>
    public const string AdmissionTokenHeader = "Admission-Token";

    /// <summary>Visitors asked for per page of the organizer's list.</summary>
    public const int PageSize = 10_000;

    private static readonly HashSet<string> FinalOrderStatuses = new(["confirmed", "rejected", "released", "expired", "cancelled"], StringComparer.OrdinalIgnoreCase);
    private static readonly byte[] OrderBody = "{\"count\":1,\"category\":0}"u8.ToArray();

    private readonly string _operator = tokens.OperatorAuthorization();

    private string SessionPath => string.Create(CultureInfo.InvariantCulture, $"/api/sessions/{sessionId}");

    private string AdminPath => string.Create(CultureInfo.InvariantCulture, $"/api/admin/sessions/{sessionId}/waiting-room");

    /// <summary>The room body of <c>PUT .../waiting-room</c> (and of the session's <c>waitingRoom</c>): rate mode, 10-minute admissions.</summary>
    public static JsonObject RoomBody(DateTimeOffset opensAt, DateTimeOffset saleStartsAt, int admitPerMinute) => new()
    {
        ["opensAt"] = Timestamp(opensAt),
        ["saleStartsAt"] = Timestamp(saleStartsAt),
        ["mode"] = "rate",
        ["admitPerMinute"] = admitPerMinute,
        ["admissionMinutes"] = 10,
        ["offerMinutes"] = 5,
    };

    /// <summary>The hall and the session with its waiting room in one request, stored before the session is published.</summary>
    public async Task CreateSessionAsync(DropPlan plan, JsonObject room, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await AdminCallAsync(HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"/api/admin/halls/{plan.HallId}"), plan.HallBody(), cancellationToken).ConfigureAwait(false);
        var session = plan.SessionBody(sessionId, now);
        session["waitingRoom"] = room;
        await AdminCallAsync(HttpMethod.Post, "/api/admin/sessions", session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PUT .../waiting-room</c>: the room's new settings (before the shuffle every one may change).</summary>
    public Task ConfigureAsync(JsonObject room, CancellationToken cancellationToken) => AdminCallAsync(HttpMethod.Put, AdminPath, room, cancellationToken);

    /// <summary>The public room's phase (<c>GET /api/sessions/{id}/waiting-room</c>); null while the ingress does not know the room (404).</summary>
    public async Task<string?> PublicPhaseAsync(CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(ingress, SessionPath + "/waiting-room"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var room = await ReadAsync<JsonObject>(response, cancellationToken).ConfigureAwait(false);
        return room["phase"]?.GetValue<string>();
    }

    /// <summary>The organizer's view of the room.</summary>
    public async Task<AdminRoomView> RoomAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, AdminPath, _operator);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<AdminRoomView>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every positioned visitor in position order, page by page.</summary>
    public async Task<IReadOnlyList<VisitorRow>> VisitorsAsync(CancellationToken cancellationToken)
    {
        var visitors = new List<VisitorRow>();
        long? after = 0;
        while (after is { } cursor)
        {
            using var request = Request(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{AdminPath}/visitors?after={cursor}&limit={PageSize}"), _operator);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var page = await ReadAsync<VisitorsPage>(response, cancellationToken).ConfigureAwait(false);
            visitors.AddRange(page.Visitors);
            after = page.Visitors.Count == 0 ? null : page.Next;
        }

        return visitors;
    }

    /// <summary><c>POST /api/sessions/{id}/queue</c> as <paramref name="userId"/>: the status code (201 first time, 200 again).</summary>
    public async Task<HttpStatusCode> JoinAsync(long userId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, SessionPath + "/queue", tokens.AuthorizationFor(userId));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary><c>GET /api/sessions/{id}/queue?wait=N</c> as <paramref name="userId"/>: the standing, answered when the room changes or after the wait.</summary>
    public async Task<StandingView> StandingAsync(long userId, int waitSeconds, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{SessionPath}/queue?wait={waitSeconds}"), tokens.AuthorizationFor(userId));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<StandingView>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One purchase of one seat as <paramref name="userId"/> with <paramref name="admissionToken"/> (none when null).</summary>
    public async Task<(int Status, string? ProblemType, Uri? Location)> PurchaseAsync(long userId, string? admissionToken, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, SessionPath + "/orders", tokens.AuthorizationFor(userId));
        request.Content = new ByteArrayContent(OrderBody) { Headers = { ContentType = new("application/json") } };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        if (admissionToken is not null)
        {
            request.Headers.TryAddWithoutValidation(AdmissionTokenHeader, admissionToken);
        }

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string? problemType = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            problemType = problem?["type"]?.GetValue<string>();
        }

        var location = response.Headers.Location is { } where ? (where.IsAbsoluteUri ? where : new Uri(ingress, where)) : null;
        return ((int)response.StatusCode, problemType, location);
    }

    /// <summary>The accepted order's final status, long-polled until <paramref name="deadline"/>; <c>unfinished</c> after it.</summary>
    public async Task<string> OrderOutcomeAsync(Uri location, long userId, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline);
        try
        {
            while (true)
            {
                using var request = Request(HttpMethod.Get, location.PathAndQuery + (location.Query.Length == 0 ? "?" : "&") + "wait=10", tokens.AuthorizationFor(userId));
                using var response = await client.SendAsync(request, limit.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode
                    && (await response.Content.ReadFromJsonAsync<JsonObject>(limit.Token).ConfigureAwait(false))?["status"]?.GetValue<string>() is { } status
                    && FinalOrderStatuses.Contains(status))
                {
                    return status;
                }

                if (!response.IsSuccessStatusCode)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "unfinished";
        }
    }

    private Task AdminCallAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        RetriedCall.SendAsync(
            client,
            () =>
            {
                var request = Request(method, path, _operator);
                request.Content = JsonContent.Create(body);
                return request;
            },
            TimeSpan.FromSeconds(1),
            TimeProvider.System,
            cancellationToken);

    private HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string authorization)
    {
        var request = new HttpRequestMessage(method, new Uri(ingress, pathAndQuery));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new QueueCallException(string.Create(CultureInfo.InvariantCulture, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {text}"));
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(QueueJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new QueueCallException($"{response.RequestMessage?.RequestUri?.PathAndQuery} answered null");
        }
        catch (JsonException error)
        {
            throw new QueueCallException($"{response.RequestMessage?.RequestUri?.PathAndQuery} answered JSON the scenario cannot read: {error.Message}", error);
        }
    }

    private static string Timestamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
