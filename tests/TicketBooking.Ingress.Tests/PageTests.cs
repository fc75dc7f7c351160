using TicketBooking.Ingress.Catalog;

namespace TicketBooking.Ingress.Tests;

public sealed class PageTests
{
    [Fact]
    public void A_cursor_gives_back_the_keys_it_was_made_of()
    {
        var page = Page.Read(limit: null, Page.Encode([638_000_000_000_000_000, -5]), keys: 2, out var problem);

        Assert.Null(problem);
        Assert.Equal(Page.DefaultLimit, page?.Limit);
        Assert.Equal([638_000_000_000_000_000, -5], page?.After ?? []);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(Page.MaxLimit + 1, null)]
    [InlineData(10, "not a cursor")]
    [InlineData(10, "MTI")] // "12": one key where the list pages by two
    public void A_limit_out_of_range_or_a_foreign_cursor_is_refused(int limit, string? after)
    {
        Assert.Null(Page.Read(limit, after, keys: 2, out var problem));
        Assert.NotNull(problem);
    }
}
