using System.Text.Json;

namespace TicketBooking.LoadTests.Reporting;

/// <summary>Writes and reads a <see cref="RunReport"/> as JSON (camelCase, indented; latencies in milliseconds).</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The JSON text.</summary>
    public static string Render(RunReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>A report read back from <see cref="Render"/>'s text.</summary>
    public static RunReport Parse(string json) => JsonSerializer.Deserialize<RunReport>(json, Options) ?? throw new JsonException("The report is null.");
}
