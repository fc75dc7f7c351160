using Spectre.Console;

namespace TicketBooking.Ops;

/// <summary>
/// Where a command writes: plain text to <see cref="Out"/> and <see cref="Error"/>, tables and
/// progress through <see cref="Console"/>. Colour and progress bars only on a real terminal.
/// </summary>
public sealed class OpsOutput
{
    private const int RedirectedWidth = 160;

    public OpsOutput(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Out = output;
        Error = error;
        IsTerminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsTerminal)
        {
            Console.Profile.Width = RedirectedWidth;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }

    public bool IsTerminal { get; }

    /// <summary>Runs <paramref name="work"/> under a progress bar on a terminal, or as it is elsewhere.</summary>
    public async Task<T> WithProgressAsync<T>(string description, Func<IProgress<double>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!IsTerminal)
        {
            return await work(new Progress<double>()).ConfigureAwait(false);
        }

        return await Console.Progress()
            .AutoClear(true)
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1.0);
                var result = await work(new BarProgress(task)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            })
            .ConfigureAwait(false);
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = value;
    }
}
