#!/usr/bin/env bash
# Cross-checks the generator's ceiling against wrk (closed model: each connection sends its next
# request as soon as the previous answer arrives, so it shows the raw request ceiling, not latency
# under a fixed arrival rate).
#
#   loadtests/wrk-crosscheck.sh URL [CONNECTIONS] [DURATION] [RATE]
#
# Runs `wrk -t2 -cCONNECTIONS -dDURATION --latency URL`, then our generator's `run` against the same
# URL at RATE requests/s (default: the rate wrk achieved, rounded down to a multiple of 500) with
# CONNECTIONS pooled connections, and prints both summaries. Loopback targets only.
# Installs wrk with apt-get when missing (needs root). Defaults: 50 connections, 10s.
set -euo pipefail

url=${1:?usage: loadtests/wrk-crosscheck.sh URL [CONNECTIONS] [DURATION] [RATE]}
connections=${2:-50}
duration=${3:-10s}
rate=${4:-}
case "$url" in
    http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
    *) echo "refusing $url: only loopback targets" >&2; exit 2 ;;
esac

if ! command -v wrk >/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then echo "wrk is missing; install it with: apt-get install -y wrk (as root)" >&2; exit 2; fi
    apt-get install -y -qq wrk >/dev/null
fi

root=$(cd "$(dirname "$0")/.." && pwd)
project="$root/loadtests/TicketBooking.LoadTests"
dotnet build "$project" -c Release -v quiet -nologo >/dev/null
generator="$project/bin/Release/net10.0/TicketBooking.LoadTests"

echo "== wrk -t2 -c$connections -d$duration --latency $url"
wrk_out=$(wrk -t2 "-c$connections" "-d$duration" --latency "$url")
echo "$wrk_out"

if [[ -z $rate ]]; then
    achieved=$(awk '/^Requests\/sec:/ { print int($2) }' <<<"$wrk_out")
    rate=$(( achieved / 500 * 500 ))
    (( rate > 0 )) || rate=100
fi

echo
echo "== ours: run --scenario http-get --rate $rate --warmup 2s --duration $duration --connections $connections"
"$generator" run --scenario http-get --url "$url" --rate "$rate" --warmup 2s --duration "$duration" --connections "$connections"
