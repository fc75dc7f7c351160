using TicketBooking.Conventional;

await using var app = await ConventionalHost.BuildAsync(args).ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
