using System.ComponentModel;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The paging parameters every catalog list takes (see <see cref="Page"/>).</summary>
public readonly record struct PageQuery(
    [Description(Page.LimitDescription)] int? Limit,
    [Description(Page.AfterDescription)] string? After);
