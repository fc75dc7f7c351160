using TicketBooking.Messaging.Consuming;

namespace TicketBooking.Ingress;

/// <summary>Where this instance's two stream followers stand: readiness and the follower metrics read it.</summary>
public sealed class IngressFollowers
{
    public ConsumerProgress Decisions { get; } = new("decisions");

    public ConsumerProgress Availability { get; } = new("availability");

    public IReadOnlyList<ConsumerProgress> All => [Decisions, Availability];
}
