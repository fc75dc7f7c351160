using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TicketBooking.LoadTests.Drop;

/// <summary>
/// Creates a <see cref="DropPlan"/> on the conventional service (loadtests/TicketBooking.Conventional):
/// one <c>POST /api/admin/sessions</c> for all sessions, the same seats and categories per row as the
/// ingress's hall.
/// </summary>
public sealed class ConventionalDropCreator(HttpClient client, Uri service, string adminKey, TimeProvider time)
{
    public async Task CreateAsync(DropPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        var body = new JsonObject
        {
            ["firstId"] = plan.FirstSessionId,
            ["count"] = plan.Sessions,
            ["rows"] = plan.Rows,
            ["seatsPerRow"] = plan.SeatsPerRow,
        };
        await RetriedCall.SendAsync(
            client,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service, "/api/admin/sessions")) { Content = JsonContent.Create(body) };
                request.Headers.Add("X-Admin-Key", adminKey);
                return request;
            },
            TimeSpan.FromSeconds(1),
            time,
            cancellationToken).ConfigureAwait(false);
    }
}
