using System.Globalization;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>While the load runs: <c>top -bn1</c> every 10 s (first after 5 s) into top.txt, to see which processes hold the cores.</summary>
internal static class TopSampler
{
    public static async Task RunAsync(string file, string workingDirectory, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var stamp = DateTime.UtcNow.ToString("'--- 'HH:mm:ss", CultureInfo.InvariantCulture);
                var (_, top) = await ChildProcess.CaptureAsync(["top", "-bn1", "-w", "160"], workingDirectory, cancellationToken).ConfigureAwait(false);
                var lines = top.Split('\n').Take(16);
                await File.AppendAllTextAsync(file, stamp + "\n" + string.Join('\n', lines).TrimEnd('\n') + "\n", cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load ended.
        }
    }
}
