using TicketBooking.Engine.Commands;

namespace TicketBooking.Engine;

/// <summary>
/// One entry of a partition's input log: its position in the log, the time the log recorded it
/// (the engine's only clock), and the command.
/// </summary>
public readonly record struct EngineInput(long Sequence, long TimestampMs, Command Command);
