using TicketBooking.Projections;

await using var app = ProjectionsHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
