using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace TicketBooking.Storage;

/// <summary>
/// The migrations of one component (the engine, the wallet, ...), in version order. Each set
/// lives in its own PostgreSQL schema and records what it applied in that schema's
/// <c>schema_migrations</c> table.
/// </summary>
public sealed partial class MigrationSet
{
    public MigrationSet(string schema, IEnumerable<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        if (!IdentifierPattern().IsMatch(schema))
        {
            throw new ArgumentException($"'{schema}' is not a plain lower-case SQL identifier.", nameof(schema));
        }

        var ordered = migrations.OrderBy(migration => migration.Version).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].Version <= 0 || (i > 0 && ordered[i].Version == ordered[i - 1].Version))
            {
                throw new ArgumentException($"Migration versions must be positive and unique; {ordered[i].Version} ({ordered[i].Name}) is not.", nameof(migrations));
            }
        }

        Schema = schema;
        Migrations = ordered;
    }

    public string Schema { get; }

    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// Reads every embedded resource named <c>{prefix}NNNN_name.sql</c>; NNNN is the version.
    /// The project file gives the resources those names (see TicketBooking.Storage.csproj).
    /// </summary>
    public static MigrationSet FromEmbeddedResources(string schema, Assembly assembly, string prefix = "migrations/")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var match = ResourcePattern().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        return new MigrationSet(schema, migrations);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^(?<version>[0-9]+)_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourcePattern();
}
