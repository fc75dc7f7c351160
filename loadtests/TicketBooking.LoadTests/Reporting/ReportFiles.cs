namespace TicketBooking.LoadTests.Reporting;

/// <summary>Where reports go: <c>loadtests/reports/&lt;timestamp&gt;/report.md</c> and <c>report.json</c>.</summary>
public static class ReportFiles
{
    /// <summary>
    /// The default folder for a run started at <paramref name="startedAt"/>: under the repository's
    /// <c>loadtests/reports/</c> when the current directory is inside the repository, else under
    /// <c>./loadtests/reports/</c>.
    /// </summary>
    public static string DefaultFolder(DateTimeOffset startedAt)
    {
        var root = FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "loadtests", "reports", startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Writes both files into <paramref name="folder"/> (created if missing) and returns their paths.</summary>
    public static async Task<(string Markdown, string Json)> WriteAsync(RunReport report, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var markdown = Path.Combine(folder, "report.md");
        var json = Path.Combine(folder, "report.json");
        await File.WriteAllTextAsync(markdown, MarkdownReport.Render(report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(json, JsonReport.Render(report), cancellationToken).ConfigureAwait(false);
        return (markdown, json);
    }

    /// <summary>The nearest folder holding TicketBooking.sln from <paramref name="start"/> up; null outside the repository.</summary>
    internal static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TicketBooking.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
