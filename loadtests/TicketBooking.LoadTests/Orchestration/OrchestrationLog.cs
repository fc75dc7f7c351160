namespace TicketBooking.LoadTests.Orchestration;

/// <summary>Progress of a local load test on stderr, in ./tb's voice (<c>tb: ...</c>).</summary>
internal static class OrchestrationLog
{
    public static void Info(string message) => Console.Error.WriteLine($"tb: {message}");

    public static void Error(string message) => Console.Error.WriteLine($"tb: error: {message}");

    /// <summary>The last 20 lines of <paramref name="file"/>, indented, when it holds any.</summary>
    public static void Tail(string file)
    {
        if (!File.Exists(file) || new FileInfo(file).Length == 0)
        {
            return;
        }

        Info($"last lines of {file}:");
        foreach (var line in File.ReadLines(file).TakeLast(20))
        {
            Console.Error.WriteLine("    " + line);
        }
    }
}
