namespace TicketBooking.LoadTests.Orchestration;

/// <summary>The NATS user a started program connects as (nats-shared.conf: a user per service, ops for tb-ops).</summary>
internal static class NatsUser
{
    /// <summary>TB_NATS_USER and TB_NATS_PASSWORD for <paramref name="user"/>, the password from TB_NATS_{USER}_PASSWORD, which ./tb exports.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string user)
    {
        var variable = $"TB_NATS_{user.ToUpperInvariant()}_PASSWORD";
        return System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } password
            ? new Dictionary<string, string> { ["TB_NATS_USER"] = user, ["TB_NATS_PASSWORD"] = password }
            : throw new OrchestrationException($"{variable} is not set (./tb load exports it)");
    }
}
