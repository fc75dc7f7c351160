using TicketBooking.Ingress;

await using var app = IngressHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
