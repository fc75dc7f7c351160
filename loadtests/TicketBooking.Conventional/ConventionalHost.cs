using Npgsql;
using TicketBooking.ServiceDefaults.Security;

namespace TicketBooking.Conventional;

/// <summary>
/// The conventional booking service: ASP.NET Core minimal API over one PostgreSQL database, every order
/// decided synchronously in one transaction. It exists to be measured against TicketBooking.
/// </summary>
public static class ConventionalHost
{
    /// <summary>Ensures the database and schema exist, then builds the app (not started).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        builder.AddTokenAuthentication();

        var connectionString = ConventionalDatabase.ConnectionString(builder.Configuration);
        await ConventionalDatabase.EnsureAsync(connectionString, cancellationToken).ConfigureAwait(false);

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<OrderBook>();
        builder.Services.AddSingleton<SessionAdmin>();

        var app = builder.Build();
        app.UseTokenAuthentication();
        app.MapGet("/health/live", () => TypedResults.Ok("live"));
        app.MapGet("/health/ready", async (NpgsqlDataSource dataSource, CancellationToken token) =>
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(token).ConfigureAwait(false);
            return TypedResults.Ok("ready");
        });
        app.MapOrderEndpoints();
        app.MapAdminEndpoints(app.Configuration["Conventional:AdminKey"] ?? "dev-admin-key");
        return app;
    }
}
