namespace TicketBooking.IntegrationTests;

/// <summary>
/// Tests that use the engine's streams (TB_INPUT, TB_DECISIONS, TB_AVAILABILITY) run one at a time:
/// the engine host tests delete and recreate them, which would cut off any other test's consumers. Their partitions
/// come from the <see cref="PartitionAllocator"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EngineStreams : ICollectionFixture<ServicesFixture>, ICollectionFixture<PartitionAllocator>
{
    public const string Name = "Engine streams";
}
