namespace TicketBooking.IntegrationTests.Wallet;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, or fails after <paramref name="timeout"/> (30 seconds by default).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}. {diagnostics?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }
}
