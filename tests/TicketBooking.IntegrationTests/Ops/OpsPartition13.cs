namespace TicketBooking.IntegrationTests.Ops;

/// <summary>
/// The operator CLI tests own partition 13 of the shared streams: they purge only <c>tb.in.13.&gt;</c>
/// and <c>tb.out.13</c>, and run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OpsPartition13 : ICollectionFixture<ServicesFixture>
{
    public const string Name = "OpsPartition13";
}
