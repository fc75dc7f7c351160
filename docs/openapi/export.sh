#!/usr/bin/env bash
# Regenerates docs/openapi/ingress.json and docs/openapi/wallet.json from the services themselves: builds
# them, starts each on a free loopback port with the settings ./tb env prints (unless they are already in
# the environment), fetches /openapi/v1.json and stops it again by its PID. Needs nats-server and
# PostgreSQL running (./tb up); the wallet runs without settlement, so it consumes nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
OUT="$ROOT/docs/openapi"

if [[ -z "${Auth__TokenKey:-}" ]]; then
    eval "$("$ROOT/tb" env)"
fi

work="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# export NAME PROJECT [ARGS...]: the document of one service into $OUT/NAME.json.
export_document() {
    local name="$1" project="$2"
    shift 2
    dotnet build -c Release --nologo -v quiet "$ROOT/src/$project/$project.csproj" >"$work/$name.build.log" 2>&1 \
        || { cat "$work/$name.build.log" >&2; echo "export: building $project failed" >&2; exit 1; }
    dotnet "$ROOT/src/$project/bin/Release/net10.0/$project.dll" --urls=http://127.0.0.1:0 "$@" >"$work/$name.log" 2>&1 &
    pid=$!

    local address="" tries=0
    while [[ -z "$address" ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$work/$name.log" >&2
            echo "export: $project exited before it listened" >&2
            exit 1
        fi
        if (( ++tries > 600 )); then
            echo "export: $project did not listen within 60 s" >&2
            exit 1
        fi
        sleep 0.1
        address="$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$work/$name.log" | head -n 1 | sed 's/^Now listening on: //')" || true
    done

    curl -fsS "$address/openapi/v1.json" -o "$work/$name.json"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    # The committed file ends with a newline; the service's document does not.
    { cat "$work/$name.json"; echo; } >"$OUT/$name.json"
    echo "export: wrote docs/openapi/$name.json"
}

export_document ingress TicketBooking.Ingress
export_document wallet TicketBooking.Wallet --Wallet:Settlement:Enabled=false
