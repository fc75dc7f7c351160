namespace TicketBooking.Ops;

/// <summary>What tb-ops exits with; the root command's help lists them.</summary>
public static class ExitCodes
{
    /// <summary>Done, and every check held.</summary>
    public const int Ok = 0;

    /// <summary>A check failed: findings, a divergence, an order not found, a journal that does not fold.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>NATS or PostgreSQL unreachable, or TB_INPUT / TB_DECISIONS missing.</summary>
    public const int Unavailable = 3;

    public const string HelpText =
        "Exit codes: 0 every check holds; 1 a check failed (findings, a divergence, order not found); " +
        "2 bad arguments; 3 NATS, PostgreSQL, TB_INPUT or TB_DECISIONS unavailable.";
}
