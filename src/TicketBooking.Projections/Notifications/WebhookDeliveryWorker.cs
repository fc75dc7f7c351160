using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using TicketBooking.Notifications;

namespace TicketBooking.Projections.Notifications;

/// <summary>
/// Sends the webhook outbox: claims due deliveries (<see cref="WebhookOutbox.ClaimAsync"/>, rows locked so that
/// other workers skip them), POSTs each with the Standard Webhooks headers, and records the results in the same
/// transaction: a 2xx is delivered, anything else is retried on <see cref="NotificationsOptions.Retries"/> and then
/// failed. A crash before the commit sends the same notification again with the same <c>webhook-id</c>.
/// </summary>
public sealed class WebhookDeliveryWorker(
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    IOptions<NotificationsOptions> options,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int MaxErrorLength = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (settings.DeliverWebhooks && !stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DeliverDueAsync(settings, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Delivering webhooks failed; trying again");
            }

            if (sent == 0)
            {
                await Task.Delay(settings.DeliveryPollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> DeliverDueAsync(NotificationsOptions settings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var due = await WebhookOutbox.ClaimAsync(connection, transaction, settings.DeliveriesPerClaim, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        var results = await Task.WhenAll(due.Select(delivery => SendAsync(delivery, settings, cancellationToken))).ConfigureAwait(false);
        await using var record = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < due.Count; i++)
        {
            var (statusCode, error) = results[i];
            var delivered = statusCode is >= 200 and < 300;
            var retryAfter = delivered ? null : settings.Retries.DelayAfter(due[i].Attempts + 1, Random.Shared.NextDouble());
            record.BatchCommands.Add(WebhookOutbox.Record(due[i], statusCode, error, retryAfter, delivered));
            if (!delivered && retryAfter is null)
            {
                logger.LogWarning("Webhook {NotificationId} to subscription {SubscriptionId} failed for good after {Attempts} attempts: {Error}", due[i].Notification.Id, due[i].SubscriptionId, due[i].Attempts + 1, error);
            }
        }

        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return due.Count;
    }

    private async Task<(int? StatusCode, string? Error)> SendAsync(WebhookOutbox.Due delivery, NotificationsOptions settings, CancellationToken cancellationToken)
    {
        if (WebhookUrls.Problem(delivery.Url, settings.AllowLoopbackHttp, out var uri) is { } refused)
        {
            return (null, refused);
        }

        var body = WebhookPayload.Serialize(delivery.Notification);
        var id = delivery.Notification.Id.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.HttpTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return (code, code is >= 200 and < 300 ? null : $"HTTP {code}");
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var error = e is OperationCanceledException ? $"No answer within {settings.HttpTimeout}." : e.Message;
            return (null, error.Length > MaxErrorLength ? error[..MaxErrorLength] : error);
        }
    }
}
