using Microsoft.AspNetCore.Http;
using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress.Tests;

public class OrderWaitTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("?wait=10", null, 10, false)]
    [InlineData("?wait=2.5s", null, 2.5, false)]
    [InlineData("?wait=600", null, 30, false)]
    [InlineData("", "respond-async, wait=7", 7, true)]
    [InlineData("", null, 0, false)]
    public void A_wait_is_read_from_the_query_or_the_prefer_header_and_capped(string query, string? prefer, double seconds, bool fromPrefer)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);
        if (prefer is not null)
        {
            request.Headers["Prefer"] = prefer;
        }

        Assert.True(OrderWait.TryRead(request, Limit, out var wait, out var preferred));
        Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
        Assert.Equal(fromPrefer, preferred);
    }

    [Theory]
    [InlineData("?wait=soon")]
    [InlineData("?wait=-1")]
    public void A_wait_that_is_not_seconds_is_refused(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);

        Assert.False(OrderWait.TryRead(request, Limit, out _, out _));
    }
}
