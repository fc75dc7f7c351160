using System.Text;

namespace TicketBooking.Notifications.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_matches_the_Standard_Webhooks_example()
    {
        // The example of the Standard Webhooks specification (secret, id, timestamp, body and its signature).
        var signature = WebhookSignature.Sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            Encoding.UTF8.GetBytes("""{"test": 2432232314}"""));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void A_changed_body_timestamp_or_id_changes_the_signature()
    {
        var secret = WebhookSignature.NewSecret();
        var body = Encoding.UTF8.GetBytes("{}");
        var signature = WebhookSignature.Sign(secret, "a", 1, body);

        Assert.NotEqual(signature, WebhookSignature.Sign(secret, "a", 1, Encoding.UTF8.GetBytes("{ }")));
        Assert.NotEqual(signature, WebhookSignature.Sign(secret, "a", 2, body));
        Assert.NotEqual(signature, WebhookSignature.Sign(secret, "b", 1, body));
        Assert.NotEqual(signature, WebhookSignature.Sign(WebhookSignature.NewSecret(), "a", 1, body));
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes()
    {
        var secret = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }
}
