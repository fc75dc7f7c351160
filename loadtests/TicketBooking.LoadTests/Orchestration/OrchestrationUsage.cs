namespace TicketBooking.LoadTests.Orchestration;

/// <summary>What <c>./tb load --help</c> prints.</summary>
public static class OrchestrationUsage
{
    public const string Text = """
        usage: ./tb load [--scenario hot-drop|spread|ramp|queue] [--rate N] [--duration 60s] [--warmup 5s]
                         [--rates 1000,2000,...] [--p99-limit 500ms] [--seed N] [--buyers 5000] [--long-poll 10s] [--poll-interval 250ms]
                         [--quick] [--wrk] [--compare [--wrk-duration 30s] [--conventional-port 5480]]
                         [--ingress-port 5180] [--engine-port 5080] [--wallet-port 5280] [--projections-port 5380] [--ref COMMIT]
                         [--scale 1|2|4] [--cluster]
                         [--visitors 100000] [--late-visitors 200] [--join-concurrency 64] [--followers 2000] [--buy-every 100] [--admit-per-minute 60000]
          hot-drop  one 20,000-seat session, --rate purchase requests/s (default 2000) for --duration (60s); the
                    warm-up goes to a second session of its own, so the measured hall is untouched when measuring starts
          spread    1,000 sessions of 200 seats, a session picked at random per request
          ramp      the hot drop at --rates (default 1000,2000,3000,4000,5000): the highest rate with p99 < --p99-limit
          queue     the waiting room: a session with a room (mode rate, --admit-per-minute), --visitors joining before the
                    start (--join-concurrency at once), the shuffle, --late-visitors joining one by one after it, --followers
                    (the first visitors, funded) long-polling their standing, every --buy-every-th buying when admitted (and
                    first without a token, with a malformed and with another's, all of which must be 403); joins/s,
                    admissions/s, position updates/s, the order checks and tb-ops waiting-room (--quick: 2,000 visitors, 200 followers)
          --buyers  N fresh buyers get a funded wallet account and send the orders; each order is followed until it is
                    confirmed (paid by the wallet) or otherwise final with long polls (GET ...?wait=, answered the moment the
                    status moves; --long-poll 0 polls every --poll-interval instead, which costs the ingress a GET per interval)
          --quick   a smoke run: 300/s for 5s (ramp: 200,400 for 3s each), 2s warm-up
          --wrk     instead of the generator: wrk against GET /api/sessions/{id}/availability and /health/live
          --compare TicketBooking against the conventional service (loadtests/TicketBooking.Conventional, one
                    PostgreSQL transaction per order): spread at --rate and the hot drop with wrk -t2 -c64 for
                    --wrk-duration on each, side by side with the ratios in compare.md (orders polled every 50 ms,
                    warm-up 10s unless --warmup)
          --ref     engine host, ingress, wallet, projections worker and tb-ops built from COMMIT (git archive into
                    .run/load-src/) instead of the working tree
          --scale   N engine hosts, ingresses and wallets (ports from each --*-port on: 5080, 5081, ...; one projections
                    worker): engine host i prefers the i-th 16/N of the partitions and stands by for the others, the
                    wallets share the settlement consumer, the generator picks an ingress per request; not with --wrk or --compare
          --cluster the three-node NATS cluster (./tb up --cluster) instead of the single server
        Reports: loadtests/reports/<UTC timestamp>/ (report.md, report.json, verify.json, money.json, settlement.txt, top.txt, logs;
                 queue: queue.txt, queue.json, waiting-room.json).
        Exit: 0 audit passed, 1 audit failed, 2 bad usage, 3 start-up failed.
        """;
}
