namespace TicketBooking.WaitingRoom.Tests;

public sealed class AdmissionTokensTests
{
    private const string Secret = "a-secret-of-at-least-thirty-two-bytes";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);
    private static readonly AdmissionGrant Grant = new(7, 42, 3, Now.AddMinutes(10));

    private readonly AdmissionTokens _tokens = new(Secret);

    [Fact]
    public void An_issued_token_is_valid_for_its_user_and_session_until_it_expires()
    {
        var token = _tokens.Issue(Grant);

        Assert.StartsWith("v1.7.42.3.", token, StringComparison.Ordinal);
        Assert.Equal(AdmissionTokenCheck.Valid, _tokens.Check(token, 7, 42, Now));
        Assert.Equal(AdmissionTokenCheck.Valid, _tokens.Check(token, 7, 42, Grant.ExpiresAt.AddSeconds(-1)));
        Assert.Equal(AdmissionTokenCheck.Expired, _tokens.Check(token, 7, 42, Grant.ExpiresAt));
        Assert.Equal(AdmissionTokenCheck.Expired, _tokens.Check(token, 7, 42, Grant.ExpiresAt.AddHours(1)));
    }

    [Fact]
    public void Another_users_or_sessions_token_is_refused()
    {
        var token = _tokens.Issue(Grant);

        Assert.Equal(AdmissionTokenCheck.OtherUser, _tokens.Check(token, 7, 43, Now));
        Assert.Equal(AdmissionTokenCheck.OtherSession, _tokens.Check(token, 8, 42, Now));
    }

    [Fact]
    public void Every_changed_character_breaks_the_token()
    {
        var token = _tokens.Issue(Grant);
        for (var i = 0; i < token.Length; i++)
        {
            foreach (var replacement in "0a9Z.-_")
            {
                if (token[i] == replacement)
                {
                    continue;
                }

                var tampered = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));
                Assert.NotEqual(AdmissionTokenCheck.Valid, _tokens.Check(tampered, 7, 42, Now));
            }
        }
    }

    [Fact]
    public void A_token_rewritten_for_another_user_fails_its_signature()
    {
        var token = _tokens.Issue(Grant);
        var forged = token.Replace("v1.7.42.", "v1.7.43.", StringComparison.Ordinal);

        Assert.Equal(AdmissionTokenCheck.BadSignature, _tokens.Check(forged, 7, 43, Now));
    }

    [Fact]
    public void A_token_signed_with_another_secret_fails_its_signature()
    {
        var token = new AdmissionTokens("another-secret-of-at-least-thirty-two-bytes").Issue(Grant);

        Assert.Equal(AdmissionTokenCheck.BadSignature, _tokens.Check(token, 7, 42, Now));
    }

    [Theory]
    [InlineData(null, AdmissionTokenCheck.Missing)]
    [InlineData("", AdmissionTokenCheck.Missing)]
    [InlineData("v1.7.42.3", AdmissionTokenCheck.Malformed)]
    [InlineData("v2.7.42.3.1796320800.AAAA", AdmissionTokenCheck.Malformed)]
    [InlineData("v1.7.-42.3.1796320800.AAAA", AdmissionTokenCheck.Malformed)]
    [InlineData("v1.7.42.3.1796320800.not*base64", AdmissionTokenCheck.Malformed)]
    [InlineData("v1.7.42.3.1796320800.AAAA", AdmissionTokenCheck.Malformed)]
    [InlineData("v1.7.42.3.1796320800.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", AdmissionTokenCheck.BadSignature)]
    public void What_is_not_a_token_is_refused(string? token, AdmissionTokenCheck expected) =>
        Assert.Equal(expected, _tokens.Check(token, 7, 42, Now));

    [Fact]
    public void An_overlong_token_is_malformed() =>
        Assert.Equal(AdmissionTokenCheck.Malformed, _tokens.Check("v1." + new string('1', 300), 7, 42, Now));

    [Fact]
    public void A_short_secret_is_refused() =>
        Assert.Throws<ArgumentException>(() => new AdmissionTokens(new string('s', AdmissionTokens.MinSecretLength - 1)));
}
