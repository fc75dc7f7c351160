using TicketBooking.Ops;

return await OpsCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
