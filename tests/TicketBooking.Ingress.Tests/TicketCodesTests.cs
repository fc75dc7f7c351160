using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress.Tests;

public class TicketCodesTests
{
    private static readonly Guid Order = Guid.Parse("0b9c6a52-3f1e-8d44-9a7e-5c2f1b0e4d33");

    [Fact]
    public void A_ticket_has_one_code_for_every_instance_with_the_key() =>
        Assert.Equal(new TicketCodes("k").For(9, 11, Order), new TicketCodes("k").For(9, 11, Order));

    [Fact]
    public void Codes_are_four_groups_of_four_crockford_characters()
    {
        var code = new TicketCodes("k").For(9, 11, Order);

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$", code);
    }

    [Fact]
    public void Another_ticket_session_order_or_key_gives_another_code()
    {
        var codes = new TicketCodes("k");
        var code = codes.For(9, 11, Order);

        Assert.NotEqual(code, codes.For(9, 12, Order));
        Assert.NotEqual(code, codes.For(10, 11, Order));
        Assert.NotEqual(code, codes.For(9, 11, Guid.NewGuid()));
        Assert.NotEqual(code, new TicketCodes("other").For(9, 11, Order));
    }
}
