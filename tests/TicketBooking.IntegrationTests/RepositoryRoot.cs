namespace TicketBooking.IntegrationTests;

/// <summary>The checkout these tests were built from: the folder above the test output that holds TicketBooking.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "TicketBooking.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("TicketBooking.sln not found above the test output.");
    }
}
