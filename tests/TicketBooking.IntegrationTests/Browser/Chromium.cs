using PuppeteerSharp;

namespace TicketBooking.IntegrationTests.Browser;

/// <summary>
/// The installed Chromium (Debian's <c>chromium</c> package, which <c>./tb test</c> installs), driven headless by
/// PuppeteerSharp. Never downloaded: <c>TB_CHROMIUM</c> names the executable, else <c>chromium</c> on PATH.
/// </summary>
internal static class Chromium
{
    /// <summary>The executable, or null when there is none.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason => Executable is null
        ? Environment.GetEnvironmentVariable("TB_CHROMIUM") is { Length: > 0 } named
            ? $"TB_CHROMIUM={named} is not an executable file"
            : "no chromium on PATH: install Debian's chromium package (./tb test does) or set TB_CHROMIUM"
        : null;

    /// <summary>Whether this is a CI run (CI=true), where a missing browser fails the tests instead of skipping them.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { } ci && (ci == "1" || ci.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>A headless browser; as root (CI, these machines) only without Chromium's sandbox.</summary>
    public static async Task<IBrowser> LaunchAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException($"The browser tests need Chromium: {MissingReason}.");
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-US", "--no-first-run", "--no-default-browser-check"],
        });
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("TB_CHROMIUM") is { Length: > 0 } named)
        {
            return File.Exists(named) ? Path.GetFullPath(named) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>
/// A test that drives Chromium: skipped with a one-line reason on a developer's machine without it, run (and failed,
/// saying why) in CI, where <c>./tb test</c> installs it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.MissingReason is { } reason && !Chromium.InCi)
        {
            Skip = reason;
        }
    }
}

/// <summary>Where the browser tests save their screenshots: <c>$TB_ARTIFACTS/screenshots</c>, else TestResults/screenshots beside the test binaries.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("TB_ARTIFACTS") is { Length: > 0 } artifacts ? Path.GetFullPath(artifacts) : Path.Combine(AppContext.BaseDirectory, "TestResults"),
        "screenshots");

    /// <summary>A full-page screenshot named <c>{test}-{step}.png</c>; returns its path.</summary>
    public static async Task<string> TakeAsync(IPage page, string test, string step)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{test}-{step}.png");
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        return path;
    }
}
