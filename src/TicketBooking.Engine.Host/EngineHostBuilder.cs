using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Engine.Host.Partitions;
using TicketBooking.ServiceDefaults;
using TicketBooking.Storage;

namespace TicketBooking.Engine.Host;

/// <summary>Composes the engine host: connections, the partitions' hosted service, health and metrics.</summary>
internal static class EngineHostBuilder
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults([EngineMetrics.MeterName, SnapshotMetrics.MeterName], [EngineActivities.SourceName]);
        builder.AddNats("TicketBooking.Engine.Host");
        builder.AddPostgres();
        builder.Services.AddOptions<EngineHostOptions>()
            .Bind(builder.Configuration.GetSection(EngineHostOptions.Section))
            .Validate(options => TryParsePartitions(options), "Engine:Partitions and Engine:PreferredPartitions must be 'all' or a list such as '0-3,7' below Engine:PartitionCount.")
            .Validate(options => options.OthersDelay >= TimeSpan.Zero, "Engine:OthersDelay must not be negative.")
            .Validate(
                options => options.Streams.FillCheckInterval > TimeSpan.Zero && options.Streams.FillWarningRatio is > 0 and <= 1,
                "Engine:Streams:FillCheckInterval must be positive and Engine:Streams:FillWarningRatio in (0, 1].");
        builder.Services.AddSingleton<PartitionStatusBoard>();
        builder.Services.AddHealthChecks().AddCheck<PartitionStatusBoard>("partitions", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddHostedService<EngineHostedService>();
        builder.Services.AddHostedService<StreamFillMonitor>();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/partitions", (PartitionStatusBoard board) => board.Statuses.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value.ToString()));
        return app;
    }

    private static bool TryParsePartitions(EngineHostOptions options)
    {
        try
        {
            options.HostedPartitions();
            options.Prefers(0);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
