using TicketBooking.LoadTests.Orchestration;
using TicketBooking.LoadTests.Reporting;
using TicketBooking.LoadTests.Running;

namespace TicketBooking.LoadTests.Tests;

public class MetricsSummariesTests
{
    [Fact]
    public void Settlement_adds_the_wallets_up_and_counts_what_the_load_settled()
    {
        string[] before = ["tb_wallet_payments_settled_total 100", "tb_wallet_settlement_batch_orders_count 10", "tb_wallet_settlement_batch_orders_sum 100"];
        string[] after =
        [
            "tb_wallet_payments_settled_total 700", "tb_wallet_settlement_batch_orders_count 40", "tb_wallet_settlement_batch_orders_sum 400",
            "tb_wallet_settlement_batch_messages_sum{partition=\"0\"} 60", "tb_wallet_payments_settled_total 400",
            "tb_wallet_settlement_batch_orders_count 20", "tb_wallet_settlement_batch_orders_sum 300", "tb_wallet_settlement_batch_messages_sum 90",
        ];

        Assert.Equal(
            "wallet: 1000 payments settled in 20 s of load (50/s), 50 transactions, mean 12.0 orders and 3.0 journal messages per transaction",
            MetricsSummaries.Settlement(before, after, 20));
        Assert.Equal(
            "wallet: 0 payments settled in 0 s of load (0/s), 0 transactions, mean 0.0 orders and 0.0 journal messages per transaction",
            MetricsSummaries.Settlement([], [], 0));
    }

    [Fact]
    public void Only_the_wallets_settlement_counters_are_kept()
    {
        const string metrics = "# TYPE tb_wallet_payments_settled_total counter\ntb_wallet_payments_settled_total 5\ntb_wallet_refunds_total 1\r\nhttp_requests 9\ntb_wallet_settlement_batch_orders_sum 3\n";

        Assert.Equal(["tb_wallet_payments_settled_total 5", "tb_wallet_refunds_total 1", "tb_wallet_settlement_batch_orders_sum 3"], MetricsSummaries.WalletLines(metrics));
    }

    [Fact]
    public void The_projection_summary_gives_the_mean_transaction_and_the_lag_left()
    {
        const string metrics = """
            tb_projections_orders_writer 1
            tb_projections_orders_lag 2
            tb_projections_orders_transaction_batches_sum 30
            tb_projections_orders_transaction_batches_count 10
            tb_projections_orders_transaction_orders_sum 450
            tb_projections_orders_transaction_duration_seconds_sum 0.05
            tb_projections_orders_lagging 7
            """;
        var lines = MetricsSummaries.ProjectionsLines(metrics).ToList();

        Assert.Equal(6, lines.Count);
        Assert.Equal("projections: 10 transactions, mean 3.0 journal batches, 45.0 orders and 5.0 ms each; lag now 2 batches", MetricsSummaries.Projections(lines));
        Assert.Equal("projections: this worker did not write (another holds the projector lock)", MetricsSummaries.Projections(["tb_projections_orders_writer 0"]));
        Assert.Equal("projections: this worker did not write (another holds the projector lock)", MetricsSummaries.Projections([]));
    }

    [Fact]
    public void Pending_orders_come_from_the_ingress_gauge()
    {
        Assert.Equal(3, MetricsSummaries.PendingOrders("tb_ingress_orders_pending_total 9\ntb_ingress_orders_pending{ingress=\"a\"} 3\n"));
        Assert.Null(MetricsSummaries.PendingOrders("up 1\n"));
    }

    [Fact]
    public void The_cpu_table_counts_every_accepted_order_warm_up_included()
    {
        var recorder = new StepRecorder(1_000_000, TimeSpan.FromMilliseconds(5));
        for (int i = 0; i < 5; i++)
        {
            recorder.RecordStart(0);
            recorder.RecordAnswer(i < 4 ? 202 : 409, 10);
        }

        var step = StepReport.Create(1, new StepMeasurement(new LoadStep(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), 5, recorder, WarmupAccepted: 3));
        var report = new RunReport
        {
            Command = "run",
            Scenario = "post-json",
            Description = "POST",
            StartedAt = DateTimeOffset.UnixEpoch,
            Machine = new MachineInfo(2, "Linux", ".NET 10"),
            Settings = new RunSettings(10_000, 100, 10, 5, 42),
            Steps = [step, step with { Number = 2 }],
        };

        Assert.Equal(14, CpuCost.AcceptedOrders(report));
    }
}
