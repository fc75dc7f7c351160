using TicketBooking.LoadTests.Orchestration;

namespace TicketBooking.LoadTests.Tests;

public class ServicePlanTests
{
    private const string WorkingTree = "/repo";
    private static readonly string[] QuietLogs = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"];

    private static ServicePlan Plan(string sourceRoot, params string[] arguments) =>
        ServicePlan.For(OrchestrationArguments.Parse(arguments, defaultSeed: 1), sourceRoot, WorkingTree);

    [Fact]
    public void One_of_each_service_starts_from_its_project_folder_on_its_port()
    {
        var plan = Plan(WorkingTree);

        Assert.Equal(["engine", "ingress", "wallet", "projections"], plan.Services.Select(service => service.Instance));
        Assert.Equal(["engine host", "ingress", "wallet", "projections"], plan.Services.Select(service => service.Name));
        Assert.Equal(["engine", "ingress", "wallet", "projections"], plan.Services.Select(service => service.NatsUser));
        Assert.Equal(["engine-host", "ingress", "wallet", "projections"], plan.Services.Select(service => service.CpuName));
        var engine = plan.Services[0];
        Assert.Equal("/repo/src/TicketBooking.Engine.Host", engine.ProjectDirectory);
        Assert.Equal("/repo/src/TicketBooking.Engine.Host/bin/Release/net10.0/TicketBooking.Engine.Host.dll", engine.Dll);
        Assert.Equal(["run", "--urls", "http://127.0.0.1:5080"], engine.Arguments);
        Assert.Equal(["--urls", "http://127.0.0.1:5180", .. QuietLogs], plan.Services[1].Arguments);
        Assert.Equal(["--urls", "http://127.0.0.1:5280", .. QuietLogs], plan.Services[2].Arguments);
        Assert.Equal(["--urls", "http://127.0.0.1:5380"], plan.Services[3].Arguments);
        Assert.Equal([5080, 5180, 5280, 5380], plan.Ports);
        Assert.Null(plan.Conventional);
        Assert.Equal("http://127.0.0.1:5180/api/sessions/1/orders", plan.SpreadOverIngresses("http://127.0.0.1:5180/api/sessions/1/orders"));
    }

    [Fact]
    public void Every_service_and_tb_ops_of_a_ref_come_from_its_export_and_the_yardstick_from_the_working_tree()
    {
        const string export = "/repo/.run/load-src/abc";
        var plan = Plan(export, "--ref", "abc", "--compare");

        Assert.All(plan.Services, service => Assert.StartsWith(export + "/src/", service.ProjectDirectory, StringComparison.Ordinal));
        Assert.All(plan.Services, service => Assert.StartsWith(service.ProjectDirectory + "/bin/Release/", service.Dll, StringComparison.Ordinal));
        Assert.Equal(export + "/src/TicketBooking.Ops/bin/Release/net10.0/tb-ops.dll", plan.OpsDll);
        Assert.Equal(
            [
                export + "/src/TicketBooking.Engine.Host", export + "/src/TicketBooking.Ingress", export + "/src/TicketBooking.Wallet",
                export + "/src/TicketBooking.Projections", export + "/src/TicketBooking.Ops", "/repo/loadtests/TicketBooking.Conventional",
            ],
            plan.Projects);
        var conventional = Assert.IsType<ServiceSpec>(plan.Conventional);
        Assert.Equal(("conventional service", "conventional"), (conventional.Name, conventional.Instance));
        Assert.Null(conventional.CpuName);
        Assert.Null(conventional.NatsUser);
        Assert.Equal("/repo/loadtests/TicketBooking.Conventional/bin/Release/net10.0/TicketBooking.Conventional.dll", conventional.Dll);
        Assert.Equal(["--urls", "http://127.0.0.1:5480"], conventional.Arguments);
        Assert.Equal([5080, 5180, 5280, 5380, 5480], plan.Ports);
    }

    [Fact]
    public void At_scale_two_each_engine_host_prefers_half_of_the_partitions_and_instances_take_consecutive_ports()
    {
        var plan = Plan(WorkingTree, "--scale", "2", "--engine-port", "6080");

        Assert.Equal(["engine", "ingress", "wallet", "engine-2", "ingress-2", "wallet-2", "projections"], plan.Services.Select(service => service.Instance));
        Assert.Equal(["engine host", "engine host-2"], plan.Of("engine").Select(service => service.Name));
        Assert.Equal(["engine-host", "engine-host-2"], plan.Of("engine").Select(service => service.CpuName));
        Assert.Equal(["run", "--urls", "http://127.0.0.1:6080", "--preferred", "0-7"], plan.Of("engine").First().Arguments);
        Assert.Equal(["run", "--urls", "http://127.0.0.1:6081", "--preferred", "8-15"], plan.Of("engine").Last().Arguments);
        Assert.Equal([5180, 5181], plan.Of("ingress").Select(service => service.Port));
        Assert.Equal([5280, 5281], plan.Of("wallet").Select(service => service.Port));
        Assert.Equal(
            "http://127.0.0.1:{{pick:5180|5181}}/api/sessions/{{int:1:1000}}/orders",
            plan.SpreadOverIngresses("http://127.0.0.1:5180/api/sessions/{{int:1:1000}}/orders"));
    }

    [Fact]
    public void At_scale_four_the_shares_are_quarters()
    {
        Assert.Equal(["0-3", "4-7", "8-11", "12-15"], Enumerable.Range(1, 4).Select(index => ServicePlan.Share(index, 4)));
        Assert.Equal("0-15", ServicePlan.Share(1, 1));
        Assert.Equal(4, Plan(WorkingTree, "--scale", "4").Of("wallet").Count());
    }
}
