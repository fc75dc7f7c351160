using TicketBooking.Wallet;

await using var app = WalletHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
