using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using TicketBooking.Ingress.Orders;
using TicketBooking.ServiceDefaults.OpenApi;
using TicketBooking.ServiceDefaults.Security;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Ingress.WaitingRoom;

/// <summary>
/// The purchase endpoint's filter: in a session with a waiting room (as the <see cref="RoomBoard"/> knows), a purchase
/// needs the header <see cref="HeaderName"/> with an admission token of this buyer and session that has not expired,
/// or it is answered 403 (<see cref="ProblemType"/>) before anything else is looked at, so nothing is published. After
/// a 202 the visitor is marked ordered; that mark failing is logged and the 202 stands (the order is in the input log).
/// </summary>
public sealed class AdmissionGate(RoomBoard board, AdmissionTokens tokens, WaitingRoomStore store, TimeProvider clock, ILogger<AdmissionGate> logger) : IEndpointFilter
{
    public const string HeaderName = "Admission-Token";
    public const string ProblemType = "https://ticketbooking.dev/problems/admission-required";
    public const string ProblemTitle = "An admission token is required";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!long.TryParse(http.Request.RouteValues["sessionId"] as string, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sessionId)
            || board.Find(sessionId) is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        var buyerId = Caller.IdOf(http);
        var token = http.Request.Headers[HeaderName].ToString();
        var check = tokens.Check(token.Length == 0 ? null : token, sessionId, buyerId, clock.GetUtcNow());
        if (check != AdmissionTokenCheck.Valid)
        {
            return TypedResults.Problem(detail: Reason(check), statusCode: StatusCodes.Status403Forbidden, title: ProblemTitle, type: ProblemType);
        }

        var result = await next(context).ConfigureAwait(false);
        if (Innermost(result) is Accepted<OrderAccepted> { Value: { } accepted })
        {
            try
            {
                await store.MarkOrderedAsync(sessionId, buyerId, accepted.OrderId, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
            {
                logger.LogWarning(e, "Marking visitor {BuyerId} of session {SessionId} ordered ({OrderId}) failed; the order stands", buyerId, sessionId, accepted.OrderId);
            }
        }

        return result;
    }

    /// <summary>The result a handler's <c>Results&lt;...&gt;</c> union carries, however deeply nested.</summary>
    private static object? Innermost(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result;
    }

    private static string Reason(AdmissionTokenCheck check) => check switch
    {
        AdmissionTokenCheck.Missing => $"This session sells through its waiting room: join the queue and send the admission token of your turn in the {HeaderName} header.",
        AdmissionTokenCheck.Expired => "Your admission has expired; join the queue again.",
        AdmissionTokenCheck.OtherSession => "The admission token is for another session.",
        AdmissionTokenCheck.OtherUser => "The admission token is another buyer's.",
        _ => "The admission token is not one this server issued.",
    };
}

/// <summary>Puts the <see cref="AdmissionGate"/> on an endpoint, and says so in its OpenAPI operation.</summary>
public static class AdmissionGateExtensions
{
    public static RouteHandlerBuilder RequireAdmission(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddEndpointFilter<AdmissionGate>()
            .WithHeader(AdmissionGate.HeaderName, "In a session with a waiting room: the admissionToken of the caller's queue standing while admitted (GET /api/sessions/{sessionId}/queue). Without a valid one: 403, type " + AdmissionGate.ProblemType + ", nothing published.");
    }
}
