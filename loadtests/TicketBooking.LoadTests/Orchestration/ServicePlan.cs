using System.Globalization;

namespace TicketBooking.LoadTests.Orchestration;

/// <summary>
/// Which processes a local load test builds and starts, from which sources, on which ports: engine host i, ingress i
/// and wallet i for each i up to the scale (ports from each first port on), one projections worker, and with
/// --compare the conventional service. The services and tb-ops come from <see cref="SourceRoot"/> (the working
/// tree, or the commit of --ref); the conventional service, the yardstick, always from the working tree.
/// </summary>
public sealed class ServicePlan
{
    /// <summary>Engine:PartitionCount of the engine hosts.</summary>
    public const int Partitions = 16;

    private const string Configuration = "Release";
    private static readonly string[] QuietLogs = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"];

    private ServicePlan(string sourceRoot, IReadOnlyList<ServiceSpec> services, ServiceSpec? conventional, IReadOnlyList<string> projects)
    {
        SourceRoot = sourceRoot;
        Services = services;
        Conventional = conventional;
        Projects = projects;
    }

    /// <summary>Where the services' sources are.</summary>
    public string SourceRoot { get; }

    /// <summary>Started in this order, then waited for in this order: engine host i, ingress i, wallet i, ..., projections.</summary>
    public IReadOnlyList<ServiceSpec> Services { get; }

    /// <summary>Started once the others are ready; null without --compare.</summary>
    public ServiceSpec? Conventional { get; }

    /// <summary>The project directories to build, in order.</summary>
    public IReadOnlyList<string> Projects { get; }

    /// <summary>The directory of tb-ops, which the audit runs from the same sources.</summary>
    public string OpsDirectory => Path.Combine(SourceRoot, "src", "TicketBooking.Ops");

    /// <summary>tb-ops' program.</summary>
    public string OpsDll => Output(OpsDirectory, "tb-ops");

    /// <summary>Every port that must be free before anything starts.</summary>
    public IEnumerable<int> Ports => (Conventional is null ? Services : Services.Append(Conventional)).Select(service => service.Port);

    /// <summary>The instances of kind <paramref name="instance"/> (engine, ingress, wallet) in order.</summary>
    public IEnumerable<ServiceSpec> Of(string instance) =>
        Services.Where(service => service.Instance == instance || service.Instance.StartsWith(instance + "-", StringComparison.Ordinal));

    /// <summary><paramref name="url"/> on the first ingress, or with several a generator placeholder that picks one per request: <c>127.0.0.1:{{pick:5180|5181}}</c>.</summary>
    public string SpreadOverIngresses(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var ports = Of("ingress").Select(ingress => ingress.Port.ToString(CultureInfo.InvariantCulture)).ToList();
        return ports.Count == 1 ? url : url.Replace($"127.0.0.1:{ports[0]}", $"127.0.0.1:{{{{pick:{string.Join('|', ports)}}}}}", StringComparison.Ordinal);
    }

    /// <summary>The plan for <paramref name="options"/> with the services' sources in <paramref name="sourceRoot"/> and this checkout at <paramref name="workingTree"/>.</summary>
    public static ServicePlan For(OrchestrationOptions options, string sourceRoot, string workingTree)
    {
        ArgumentNullException.ThrowIfNull(options);
        string Project(string name) => Path.Combine(sourceRoot, "src", "TicketBooking." + name);
        var services = new List<ServiceSpec>();
        for (int i = 1; i <= options.Scale; i++)
        {
            var engine = Project("Engine.Host");
            var engineArguments = new List<string> { "run", "--urls", Url(options.EnginePort + i - 1) };
            if (options.Scale > 1)
            {
                engineArguments.AddRange(["--preferred", Share(i, options.Scale)]);
            }

            services.Add(new ServiceSpec(Instance("engine host", i), Instance("engine", i), Instance("engine-host", i), "engine", engine, Output(engine, "TicketBooking.Engine.Host"), engineArguments, options.EnginePort + i - 1));
            var ingress = Project("Ingress");
            services.Add(new ServiceSpec(Instance("ingress", i), Instance("ingress", i), Instance("ingress", i), "ingress", ingress, Output(ingress, "TicketBooking.Ingress"), ["--urls", Url(options.IngressPort + i - 1), .. QuietLogs], options.IngressPort + i - 1));
            var wallet = Project("Wallet");
            services.Add(new ServiceSpec(Instance("wallet", i), Instance("wallet", i), Instance("wallet", i), "wallet", wallet, Output(wallet, "TicketBooking.Wallet"), ["--urls", Url(options.WalletPort + i - 1), .. QuietLogs], options.WalletPort + i - 1));
        }

        var projections = Project("Projections");
        services.Add(new ServiceSpec("projections", "projections", "projections", "projections", projections, Output(projections, "TicketBooking.Projections"), ["--urls", Url(options.ProjectionsPort)], options.ProjectionsPort));

        var projects = new List<string> { Project("Engine.Host"), Project("Ingress"), Project("Wallet"), projections, Project("Ops") };
        ServiceSpec? conventional = null;
        if (options.Compare)
        {
            var directory = Path.Combine(workingTree, "loadtests", "TicketBooking.Conventional");
            conventional = new ServiceSpec("conventional service", "conventional", null, null, directory, Output(directory, "TicketBooking.Conventional"), ["--urls", Url(options.ConventionalPort)], options.ConventionalPort);
            projects.Add(directory);
        }

        return new ServicePlan(sourceRoot, services, conventional, projects);
    }

    /// <summary>The partitions engine host <paramref name="index"/> of <paramref name="scale"/> prefers: the index-th share, such as <c>8-15</c>.</summary>
    public static string Share(int index, int scale)
    {
        int size = Partitions / scale;
        return string.Create(CultureInfo.InvariantCulture, $"{(index - 1) * size}-{(index * size) - 1}");
    }

    /// <summary>The <paramref name="index"/>-th (from 1) of a kind: <c>engine</c>, <c>engine-2</c>, ...</summary>
    public static string Instance(string kind, int index) =>
        index == 1 ? kind : string.Create(CultureInfo.InvariantCulture, $"{kind}-{index}");

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

    private static string Output(string projectDirectory, string assembly) =>
        Path.Combine(projectDirectory, "bin", Configuration, "net10.0", assembly + ".dll");
}
