#!/usr/bin/env bash
# CPU cost of each process of a load run, from /proc (utime + stime), per accepted order.
#
#   cpu-cost.sh snapshot NAME=PID ...          one line "NAME PID TICKS" per process; NAME=tree:PID also lists
#                                              PID's children (PostgreSQL's backends are children of its postmaster)
#   cpu-cost.sh table BEFORE AFTER ACCEPTED    a Markdown table: CPU seconds over the run and CPU microseconds
#                                              per accepted order for each process, and the total
#
# A process that appears only in AFTER (a backend that connected during the run, or the load generator's
# line added by hand) counts from zero; one that exited during the run is missed.
set -euo pipefail

ticks_of() {
    awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

case "${1:-}" in
    snapshot)
        shift
        for pair in "$@"; do
            name="${pair%%=*}" pid="${pair#*=}"
            pids="$pid"
            if [[ $pid == tree:* ]]; then
                pid="${pid#tree:}"
                pids="$pid $(ps -o pid= --ppid "$pid" 2>/dev/null | tr '\n' ' ')"
            fi
            for one in $pids; do
                echo "$name $one $(ticks_of "$one")"
            done
        done
        ;;
    table)
        [[ $# -eq 4 && $4 =~ ^[0-9]+$ ]] || { echo "usage: cpu-cost.sh table BEFORE AFTER ACCEPTED" >&2; exit 2; }
        awk -v hz="$(getconf CLK_TCK)" -v accepted="$4" '
            FILENAME == ARGV[1] { before[$1 " " $2] = $3; next }
            {
                if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
                delta = $3 - before[$1 " " $2]
                if (delta > 0) ticks[$1] += delta
            }
            END {
                printf "| process | CPU s | CPU us per accepted order | share |\n|---|---:|---:|---:|\n"
                for (i = 1; i <= n; i++) { used[i] = ticks[order[i]] / hz; total += used[i] }
                for (i = 1; i <= n; i++)
                    printf "| %s | %.1f | %.0f | %.0f%% |\n", order[i], used[i], accepted ? used[i] * 1e6 / accepted : 0, total ? 100 * used[i] / total : 0
                printf "| **all** | %.1f | **%.0f** | 100%% |\n", total, accepted ? total * 1e6 / accepted : 0
                printf "\n%d accepted orders\n", accepted
            }' "$2" "$3"
        ;;
    *)
        echo "usage: cpu-cost.sh snapshot NAME=PID ... | table BEFORE AFTER ACCEPTED" >&2
        exit 2
        ;;
esac
