namespace TicketBooking.IntegrationTests;

/// <summary>The checkout these tests were built from: the first folder above the test output with TicketBooking.sln.</summary>
internal static class RepositoryRoot
{
    public static DirectoryInfo Directory { get; } = Find();

    private static DirectoryInfo Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TicketBooking.sln")))
        {
            folder = folder.Parent;
        }

        return folder ?? throw new InvalidOperationException("TicketBooking.sln not found above the test output.");
    }
}
