namespace TicketBooking.WaitingRoom;

/// <summary>
/// Issues and checks admission tokens: <c>v1.{sessionId}.{userId}.{position}.{expiresUnixSeconds}.{mac}</c>, the mac
/// HMAC-SHA256 of everything before its dot under the ingress's secret, base64url without padding.
/// </summary>
public sealed class AdmissionTokens
{
    public const int MinSecretLength = 32;

    /// <param name="secret">At least 32 bytes (UTF-8).</param>
    public AdmissionTokens(string secret) => throw new NotImplementedException();

    public string Issue(AdmissionGrant grant) => throw new NotImplementedException();

    public AdmissionTokenCheck Check(string? token, long sessionId, long userId, DateTimeOffset now) => throw new NotImplementedException();
}
