using TicketBooking.Ingress.Web;

namespace TicketBooking.Ingress.Tests;

public sealed class BuyerPageOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5280", "http://127.0.0.1:5280")]
    [InlineData("http://127.0.0.1:5280/", "http://127.0.0.1:5280")]
    [InlineData("https://wallet.example.com/base/", "https://wallet.example.com")]
    public void The_wallet_origin_allowed_in_the_page_policy_is_its_URL_without_the_path(string url, string origin) =>
        Assert.Equal(origin, new BuyerPageOptions { WalletPublicUrl = url }.WalletOrigin());

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:5280")]
    [InlineData("/wallet")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://user:secret@127.0.0.1:5280")]
    public void A_wallet_URL_that_is_not_absolute_http_is_refused(string url) =>
        Assert.Null(new BuyerPageOptions { WalletPublicUrl = url }.WalletOrigin());
}
