using TicketBooking.Ingress.Orders;

namespace TicketBooking.Ingress.Tests;

public class OrderIdsTests
{
    [Fact]
    public void The_same_buyer_session_and_key_give_the_same_id_anywhere() =>
        Assert.Equal(OrderIds.From(42, 7, "key-1"), OrderIds.From(42, 7, "key-1"));

    [Fact]
    public void Another_buyer_or_key_gives_another_id()
    {
        Assert.NotEqual(OrderIds.From(42, 7, "key-1"), OrderIds.From(43, 7, "key-1"));
        Assert.NotEqual(OrderIds.From(42, 7, "key-1"), OrderIds.From(42, 7, "key-2"));
    }

    [Fact]
    public void The_same_key_in_another_session_gives_another_id_so_no_two_partitions_share_an_order() =>
        Assert.NotEqual(OrderIds.From(42, 7, "key-1"), OrderIds.From(42, 8, "key-1"));

    [Fact]
    public void Ids_are_marked_as_version_8_variant_1_uuids()
    {
        var text = OrderIds.From(7, 1, "ünïcode key").ToString();

        Assert.Equal('8', text[14]);
        Assert.Contains(text[19], "89ab");
    }
}
