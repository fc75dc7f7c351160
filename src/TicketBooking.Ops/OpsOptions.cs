using System.CommandLine;
using TicketBooking.Contracts;
using TicketBooking.ServiceDefaults;

namespace TicketBooking.Ops;

/// <summary>The options every command shares: where the services are and how many partitions there are.</summary>
public sealed class OpsOptions
{
    public Option<string> Nats { get; } = new("--nats")
    {
        Description = "NATS URL, or a comma-separated list of a cluster's servers (default: TB_NATS_URL, else " + ServiceConnections.DefaultNatsUrl + ").",
        Recursive = true,
        DefaultValueFactory = _ => ServiceConnections.FromEnvironment().NatsUrl,
    };

    public Option<string> Postgres { get; } = new("--pg")
    {
        Description = "PostgreSQL connection string (default: TB_PG, else the local one ./tb up starts).",
        Recursive = true,
        DefaultValueFactory = _ => ServiceConnections.FromEnvironment().Postgres,
    };

    public Option<int> PartitionCount { get; } = CreatePartitionCount();

    /// <summary>A <c>--partition</c> option, checked against <see cref="PartitionCount"/> by <see cref="AddPartitionCheck"/>.</summary>
    public static Option<int?> CreatePartition(string description) => new("--partition", "-p") { Description = description };

    /// <summary>When <paramref name="all"/> is given, asks for exactly one of it and <paramref name="partition"/>; otherwise for the partition when <paramref name="required"/>.</summary>
    public static void AddPartitionCheck(Command command, Option<int?> partition, bool required, Option<bool>? all = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            var value = result.GetValue(partition);
            var everything = all is not null && result.GetValue(all);
            if (everything && value is not null)
            {
                result.AddError("Give --partition or --all, not both.");
            }
            else if (required && value is null && !everything)
            {
                result.AddError(all is null ? "--partition is required." : "Give --partition N or --all.");
            }
        });
    }

    /// <summary>
    /// The partitions a command works on: the one given (checked against --partition-count, which a
    /// validator cannot see defaulted), else all of them. Null, after a one-line reason on stderr, when out of range.
    /// </summary>
    public int[]? SelectPartitions(ParseResult parseResult, Option<int?> partition, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(error);
        var count = parseResult.GetValue(PartitionCount);
        if (parseResult.GetValue(partition) is not { } one)
        {
            return [.. Enumerable.Range(0, count)];
        }

        if (one >= 0 && one < count)
        {
            return [one];
        }

        error.WriteLine($"--partition must be between 0 and {count - 1}.");
        return null;
    }

    private static Option<int> CreatePartitionCount()
    {
        var option = new Option<int>("--partition-count")
        {
            Description = "P, the number of partitions (nats.conf's partition(P,1)).",
            Recursive = true,
            DefaultValueFactory = _ => SessionPartitioner.DefaultPartitionCount,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1024)
            {
                result.AddError("--partition-count must be between 1 and 1024.");
            }
        });
        return option;
    }
}
