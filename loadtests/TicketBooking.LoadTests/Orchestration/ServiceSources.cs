namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// Where the services of a load test come from: the working tree, or with --ref a commit exported once with
/// <c>git archive</c> into <c>.run/load-src/&lt;commit&gt;</c>, and how the report names them. Builds them.
/// </summary>
internal static class ServiceSources
{
    /// <summary>The root of the services' sources and their name for drop.json.</summary>
    public static async Task<(string Root, string Description)> ResolveAsync(string workingTree, string? reference, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            var (_, head) = await ChildProcess.CaptureAsync(["git", "-C", workingTree, "rev-parse", "--short", "HEAD"], workingTree, cancellationToken).ConfigureAwait(false);
            return (workingTree, $"working tree at {head.Trim()}");
        }

        var (code, output) = await ChildProcess.CaptureAsync(["git", "-C", workingTree, "rev-parse", "--verify", "--quiet", reference + "^{commit}"], workingTree, cancellationToken).ConfigureAwait(false);
        var commit = output.Trim();
        if (code != 0 || commit.Length == 0)
        {
            throw new OrchestrationException($"--ref {reference} is not a commit");
        }

        var exports = Path.Combine(workingTree, ".run", "load-src");
        var source = Path.Combine(exports, commit);
        if (!File.Exists(Path.Combine(source, "TicketBooking.sln")))
        {
            OrchestrationLog.Info($"exporting {commit} into {Path.GetRelativePath(workingTree, source)}");
            // Into a folder of its own first, so that an interrupted export is never taken for a whole one.
            var partial = source + ".partial";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            Directory.CreateDirectory(partial);
            var archive = partial + ".tar";
            var log = Path.Combine(workingTree, ".run", "load-export.log");
            if (await ChildProcess.RunAsync(["git", "-C", workingTree, "archive", "--output", archive, commit], workingTree, log, null, null, cancellationToken).ConfigureAwait(false) != 0
                || await ChildProcess.RunAsync(["tar", "-x", "-f", archive, "-C", partial], workingTree, log, null, null, cancellationToken).ConfigureAwait(false) != 0)
            {
                OrchestrationLog.Tail(log);
                throw new OrchestrationException($"could not export {commit} (see .run/load-export.log)");
            }

            File.Delete(archive);
            if (Directory.Exists(source))
            {
                Directory.Delete(source, recursive: true);
            }

            Directory.Move(partial, source);
        }

        if (!Directory.Exists(Path.Combine(source, "src", "TicketBooking.Projections")))
        {
            throw new OrchestrationException($"--ref {reference} has no src/TicketBooking.Projections (the projections worker); pick a later commit");
        }

        return (source, reference);
    }

    /// <summary>dotnet build -c Release of each project, quietly; the log of a failed one is shown.</summary>
    public static async Task BuildAsync(IEnumerable<string> projects, string workingTree, CancellationToken cancellationToken)
    {
        var log = Path.Combine(workingTree, ".run", "load-build.log");
        foreach (var project in projects)
        {
            var name = Path.GetRelativePath(workingTree, project);
            OrchestrationLog.Info($"building {name} (Release)");
            if (await ChildProcess.RunAsync(["dotnet", "build", "-c", "Release", "-v", "quiet", "-nologo", project], workingTree, log, null, null, cancellationToken).ConfigureAwait(false) != 0)
            {
                OrchestrationLog.Tail(log);
                throw new OrchestrationException($"build of {name} failed (see .run/load-build.log)");
            }
        }
    }
}
