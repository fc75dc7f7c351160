using System.Diagnostics;
using System.Globalization;

namespace TicketBooking.Testing;

/// <summary>
/// The one way tests wait for something another thread or process makes true: poll the condition, first every
/// <see cref="FirstInterval"/> and then less often up to <see cref="LongestInterval"/>, and fail after the timeout
/// (<see cref="DefaultTimeout"/> unless given) with a <see cref="TimeoutException"/> that names what was awaited,
/// the last value read where there is one, and the caller's diagnostics (a process's log).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Quick enough for in-process conditions that hold within milliseconds.</summary>
    public static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Slow enough that a long wait on HTTP or SQL does not load two cores shared by parallel tests.</summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <param name="awaited">What is awaited, as the failure completes "Timed out waiting for ...": "the ingress to be ready".</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null, Func<string>? diagnostics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await UntilAsync(condition, held => held, awaited, timeout, diagnostics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until <paramref name="condition"/>, checked in this process, holds.</summary>
    public static Task UntilAsync(Func<bool> condition, string awaited, TimeSpan? timeout = null, Func<string>? diagnostics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), awaited, timeout, diagnostics, cancellationToken);
    }

    /// <summary>Reads until <paramref name="done"/> holds for what <paramref name="read"/> returns, and returns that; a timeout names the last value read.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string awaited, TimeSpan? timeout = null, Func<string>? diagnostics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        var interval = FirstInterval;
        while (true)
        {
            var last = await read().ConfigureAwait(false);
            if (done(last))
            {
                return last;
            }

            if (waited.Elapsed >= limit)
            {
                throw new TimeoutException(Failure(awaited, limit, typeof(T) == typeof(bool) ? null : last, diagnostics));
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = Longer(interval);
        }
    }

    /// <summary>Blocks the calling thread until <paramref name="condition"/> holds: for tests of threads rather than tasks.</summary>
    public static void Until(Func<bool> condition, string awaited, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        var interval = FirstInterval;
        while (!condition())
        {
            if (waited.Elapsed >= limit)
            {
                throw new TimeoutException(Failure(awaited, limit, last: null, diagnostics: null));
            }

            Thread.Sleep(interval);
            interval = Longer(interval);
        }
    }

    private static string Describe(object value) =>
        value is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object?>()) + "]"
            : value.ToString() ?? "";

    private static TimeSpan Longer(TimeSpan interval) => interval * 2 < LongestInterval ? interval * 2 : LongestInterval;

    private static string Failure(string awaited, TimeSpan limit, object? last, Func<string>? diagnostics)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"Timed out after {limit.TotalSeconds:0.###} s waiting for {awaited}.");
        if (last is not null)
        {
            message += $" Last read: {Describe(last)}.";
        }

        return diagnostics is null ? message : $"{message} {diagnostics()}";
    }
}
