using Microsoft.AspNetCore.Mvc;

namespace TicketBooking.Ingress.Catalog;

/// <summary>The paging parameters every catalog list takes (see <see cref="Page"/>).</summary>
public readonly record struct PageQuery(
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "after")] string? After);
