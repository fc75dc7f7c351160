using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using TicketBooking.ServiceDefaults.Http;

namespace TicketBooking.Wallet.Http;

/// <summary>
/// Answers 503 with Retry-After when PostgreSQL is unreachable or the schema is not migrated yet:
/// the request changed nothing, and the same request (same Idempotency-Key) may be sent again.
/// </summary>
internal sealed class DatabaseUnavailableHandler : IExceptionHandler
{
    private const string UndefinedTable = "42P01";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (NpgsqlException { IsTransient: true } or PostgresException { SqlState: UndefinedTable } or TimeoutException))
        {
            return false;
        }

        await Problems.RetryLater(httpContext, StatusCodes.Status503ServiceUnavailable, 2, "The wallet's database is unavailable right now; retry the same request.")
            .ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
