namespace TicketBooking.Wallet.Settlement;

/// <summary>The ledger changed under a settlement transaction in a way the locks should have prevented; the batch is rolled back and tried again.</summary>
public sealed class SettlementConflictException(string message) : Exception(message);
