namespace TicketBooking.Engine;
