using TicketBooking.Wallet.Http;

namespace TicketBooking.Wallet.Tests;

public sealed class PageCorsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5180")]
    [InlineData("https://tickets.example.com")]
    [InlineData("http://localhost:5180")]
    public void An_origin_is_a_scheme_a_host_and_a_port(string origin) => Assert.True(PageCors.IsOrigin(origin));

    [Theory]
    [InlineData("*")]
    [InlineData("http://*.example.com")]
    [InlineData("http://127.0.0.1:5180/")]
    [InlineData("http://127.0.0.1:5180/page")]
    [InlineData("http://user@127.0.0.1:5180")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("127.0.0.1:5180")]
    [InlineData("")]
    public void Wildcards_paths_users_and_other_schemes_are_not_origins(string origin) => Assert.False(PageCors.IsOrigin(origin));
}
