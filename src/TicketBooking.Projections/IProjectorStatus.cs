using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Projections;

/// <summary>The part of a projector's health check that its <see cref="JournalProjector{TItem}"/> keeps up to date.</summary>
public interface IProjectorStatus
{
    ProjectorRole Role { get; set; }

    /// <summary>The writer's consumer of TB_DECISIONS.</summary>
    ConsumerProgress Journal { get; }
}
