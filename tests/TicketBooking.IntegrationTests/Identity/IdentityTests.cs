using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.IntegrationTests.Ingress;
using TicketBooking.IntegrationTests.Wallet;
using TicketBooking.Wallet.Accounts;

namespace TicketBooking.IntegrationTests.Identity;

/// <summary>Registration, sign-in, refresh, roles and blocks through the wallet's identity module, against the real PostgreSQL.</summary>
[Collection(EngineStreams.Name)]
public sealed class IdentityTests(ServicesFixture services) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    private WalletInstance? _wallet;

    private WalletInstance Wallet => _wallet!;

    public async Task InitializeAsync() => _wallet = await WalletInstance.StartApiOnlyAsync(services);

    public async Task DisposeAsync() => await Wallet.DisposeAsync();

    [Fact]
    public async Task Registering_signs_the_user_in_and_opens_its_wallet_account()
    {
        using var anonymous = new HttpClient { BaseAddress = Wallet.Address };
        var email = NewEmail();

        var session = await RegisterAsync(anonymous, "Ada", email);

        Assert.True(session.UserId >= 10_000_000);
        Assert.Equal(["buyer"], session.Roles);
        using var ada = Bearer(session.AccessToken);
        var me = await ada.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(new AccountView(session.UserId, "EUR", 0), await ada.GetFromJsonAsync<AccountView>("/api/wallet"));

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/register", new { name = "Ada again", email = email.ToUpperInvariant(), password = Password }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/register", new { name = "", email = NewEmail(), password = Password }), HttpStatusCode.UnprocessableEntity, "name");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/register", new { name = "Bob", email = "not-an-address", password = Password }), HttpStatusCode.UnprocessableEntity, "email");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/register", new { name = "Bob", email = NewEmail(), password = "short" }), HttpStatusCode.UnprocessableEntity, "password");
        await AssertProblemAsync(await anonymous.PostAsync("/api/auth/register", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Signing_in_needs_the_right_password_and_answers_alike_for_unknown_addresses()
    {
        using var anonymous = new HttpClient { BaseAddress = Wallet.Address };
        var email = NewEmail();
        var registered = await RegisterAsync(anonymous, "Grace", email);

        using var signedIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = $"  {email.ToUpperInvariant()} ", password = Password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(registered.UserId, (await signedIn.Content.ReadFromJsonAsync<TokenView>())!.UserId);

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = "wrong password!" }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email = NewEmail(), password = Password }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_signs_the_session_out()
    {
        using var anonymous = new HttpClient { BaseAddress = Wallet.Address };
        var first = await RegisterAsync(anonymous, "Linus", NewEmail());

        using var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<TokenView>())!;
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(first.UserId, second.UserId);

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second.RefreshToken }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "made-up" }), HttpStatusCode.Unauthorized);

        var third = await SignInAsync(anonymous, await EmailOfAsync(first));
        using (var signedOut = await anonymous.PostAsJsonAsync("/api/auth/sign-out", new { refreshToken = third.RefreshToken }))
        {
            Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        }

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = third.RefreshToken }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_blocked_user_cannot_sign_in_refresh_or_order_and_is_let_back_in_when_unblocked()
    {
        await using var ingress = await IngressInstance.StartAsync(services, "--Identity:BlockListRefreshInterval=00:00:00.200");
        var session = await ingress.CreateSessionAsync(Random.Shared.NextInt64(1, 1L << 50), rows: 2, seatsPerRow: 5);
        using var anonymous = new HttpClient { BaseAddress = Wallet.Address };
        var email = NewEmail();
        var user = await RegisterAsync(anonymous, "Mallory", email);
        using var admin = Bearer(TestSecrets.AdminToken());

        await AssertProblemAsync(await Bearer(user.AccessToken).PostAsJsonAsync($"/api/admin/users/{user.UserId}/block", new { reason = "self" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await admin.PostAsJsonAsync($"/api/admin/users/{user.UserId}/block", new { reason = "" }), HttpStatusCode.UnprocessableEntity, "reason");
        using (var blocked = await admin.PostAsJsonAsync($"/api/admin/users/{user.UserId}/block", new { reason = "chargebacks" }))
        {
            Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        }

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = Password }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.Unauthorized);
        using var stillValidToken = new HttpClient { BaseAddress = ingress.Address };
        stillValidToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        await Eventually.UntilAsync(
            async () => (await IngressInstance.OrderAsync(stillValidToken, session, Guid.NewGuid().ToString(), new { seats = new[] { 0 } })).StatusCode == HttpStatusCode.Forbidden,
            "the ingress to refuse the blocked user");
        await AssertProblemAsync(await Bearer(user.AccessToken).GetAsync("/api/wallet"), HttpStatusCode.Forbidden);

        using (var unblocked = await admin.PostAsync($"/api/admin/users/{user.UserId}/unblock", content: null))
        {
            Assert.Equal(HttpStatusCode.OK, unblocked.StatusCode);
        }

        var again = await SignInAsync(anonymous, email);
        Assert.Equal(user.UserId, again.UserId);
        await Eventually.UntilAsync(
            async () => (await IngressInstance.OrderAsync(stillValidToken, session, "after-unblock", new { seats = new[] { 1 } })).StatusCode == HttpStatusCode.Accepted,
            "the ingress to take the unblocked user's order");
    }

    [Fact]
    public async Task Roles_are_set_by_admins_only_and_reach_the_next_token()
    {
        using var anonymous = new HttpClient { BaseAddress = Wallet.Address };
        var email = NewEmail();
        var user = await RegisterAsync(anonymous, "Olga", email);
        using var asBuyer = Bearer(user.AccessToken);
        using var admin = Bearer(TestSecrets.AdminToken());

        await AssertProblemAsync(await asBuyer.PutAsJsonAsync($"/api/admin/users/{user.UserId}/roles", new { roles = new[] { "admin" } }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await asBuyer.GetAsync($"/api/admin/users/{user.UserId}"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/admin/users/{user.UserId}/roles", new { roles = new[] { "superuser" } }), HttpStatusCode.UnprocessableEntity, "roles");
        await AssertProblemAsync(await admin.PutAsJsonAsync("/api/admin/users/42/roles", new { roles = new[] { "buyer" } }), HttpStatusCode.NotFound);
        using (var set = await admin.PutAsJsonAsync($"/api/admin/users/{user.UserId}/roles", new { roles = new[] { "buyer", "organizer" } }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        Assert.Equal(["buyer", "organizer"], (await SignInAsync(anonymous, email)).Roles);
    }

    [Fact]
    public async Task The_configured_administrator_is_created_at_start_and_can_sign_in()
    {
        var email = NewEmail();
        await using var wallet = await WalletInstance.StartAsync(services, "--Wallet:Settlement:Enabled=false", $"--Identity:Admin:Email={email}", $"--Identity:Admin:Password={Password}");
        using var anonymous = new HttpClient { BaseAddress = wallet.Address };

        var admin = await SignInAsync(anonymous, email);

        Assert.Equal(["buyer", "admin"], admin.Roles);
    }

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    private HttpClient Bearer(string token)
    {
        var client = new HttpClient { BaseAddress = Wallet.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> EmailOfAsync(TokenView session)
    {
        using var client = Bearer(session.AccessToken);
        return (await client.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("email").GetString()!;
    }

    private static async Task<TokenView> RegisterAsync(HttpClient client, string name, string email)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { name, email, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenView>())!;
    }

    private static async Task<TokenView> SignInAsync(HttpClient client, string email)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenView>())!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null)
            {
                Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
            }
        }
    }

    private sealed record TokenView(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, long UserId, string[] Roles);
}
