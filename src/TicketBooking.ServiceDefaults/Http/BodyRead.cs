using System.Diagnostics.CodeAnalysis;

namespace TicketBooking.ServiceDefaults.Http;

/// <summary>What <see cref="JsonBody"/> read: the value, or the <see cref="BodyProblem"/> to answer instead.</summary>
public readonly record struct BodyRead<T>
{
    private readonly T value;
    private readonly BodyProblem? problem;

    public BodyRead(T value) => this.value = value;

    public BodyRead(BodyProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        value = default!;
        this.problem = problem;
    }

    public bool TryGetValue([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out BodyProblem? problem)
    {
        value = this.value;
        problem = this.problem;
        return problem is null;
    }
}
