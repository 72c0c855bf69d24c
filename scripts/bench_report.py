"""The figures of scripts/bench.sh: read from the tools' output, and
written up as BENCHMARKS.md. Standard library only.

    bench_report.py wrk CPU_US < WRK_OUTPUT
        one line: req/s, p50 ms, p99 ms, errors, server CPU us per request
    bench_report.py criterion CRITERION_DIR
        one `benchmark id|median ns` line per criterion estimate
    bench_report.py quote TEXT
        TEXT percent-encoded for a query string
    bench_report.py report OUT_DIR COMMIT DURATION THREADS CONNECTIONS ROUNDS
        BENCHMARKS.md from the files bench.sh collected in OUT_DIR
"""

import glob
import json
import os
import re
import statistics
import subprocess
import sys
import urllib.parse
from collections import defaultdict


def wrk(text, cpu_us):
    """`req/s p50_ms p99_ms errors cpu_us_per_request` of one wrk run."""

    def ms(label):
        m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(g) for g in m.groups())
    count = int(re.search(r"(\d+) requests in", text).group(1))
    return f"{rps:.0f} {ms('50%'):.3f} {ms('99%'):.3f} {errors} {cpu_us / max(count, 1):.2f}"


def criterion(directory):
    """`full id|median ns` for every estimate criterion wrote."""
    lines = []
    for estimates in sorted(glob.glob(f"{directory}/*/*/new/estimates.json")):
        new = os.path.dirname(estimates)
        with open(os.path.join(new, "benchmark.json")) as f:
            name = json.load(f)["full_id"]
        with open(estimates) as f:
            median = json.load(f)["median"]["point_estimate"]
        lines.append(f"{name}|{median}")
    return "\n".join(lines)


def sh(command):
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout.strip()


def fmt_ns(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def status(ok):
    return "met" if ok else "**missed**"



def parse_resolve(path):
    """{data dir: {"resolve ALL": p99 µs, ...}} from resolve_latency's output."""
    rows, data = {}, None
    if not os.path.exists(path):
        return rows
    for line in open(path):
        m = re.match(r"^(\S+): \d+ nodes", line)
        if m:
            data = m.group(1)
            rows[data] = {}
            continue
        m = re.match(r"^(.+?)\s+n=\d+\s+p50\s+[\d.]+ µs\s+p99\s+([\d.]+) µs", line)
        if m and data is not None:
            rows[data][m.group(1).strip()] = float(m.group(2))
    return rows


def report(out, commit, duration, threads, connections, rounds):
    """BENCHMARKS.md from the figures in OUT."""
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    memory = sh("free -h | awk '/Mem:/ {print $2}'")
    nproc = sh("nproc")
    load = sh("cut -d' ' -f1-3 /proc/loadavg")

    http = []
    for line in open(f"{out}/http.txt"):
        label, query, size, base, q = line.rstrip("\n").split("|")
        bs = [list(map(float, x.split())) for x in base.split(";")]
        qs = [list(map(float, x.split())) for x in q.split(";")]
        med = lambda rows, i: statistics.median(r[i] for r in rows)
        http.append(
            dict(
                label=label,
                query=query,
                bytes=int(size),
                base_rps=med(bs, 0),
                rps=med(qs, 0),
                ratio=statistics.median(q[0] / b[0] for b, q in zip(bs, qs)),
                p50=med(qs, 1),
                p99=med(qs, 2),
                errors=int(sum(r[3] for r in qs)),
                base_p50=med(bs, 1),
                base_p99=med(bs, 2),
                cpu=med(qs, 4),
                base_cpu=med(bs, 4),
                cpu_ratio=statistics.median(b[4] / q[4] for b, q in zip(bs, qs)),
            )
        )

    startup = defaultdict(list)
    edges_of = {}
    for line in open(f"{out}/startup.txt"):
        size, run, ms, hwm, rss, cpu_s, edges = line.split()
        startup[size].append((int(ms), int(hwm), int(rss), float(cpu_s)))
        edges_of[size] = int(edges)

    criterion = {}
    for line in open(f"{out}/criterion.txt"):
        name, ns = line.rstrip("\n").split("|")
        criterion[name] = float(ns)


    lines = []
    w = lines.append
    w("# Benchmarks")
    w("")
    w("Every figure here was written by `scripts/bench.sh` (do not edit by hand;")
    w("rerun the script). HTTP throughput is always given as a ratio to a static-JSON")
    w("axum server (`examples/baseline.rs`, same tokio runtime and allocator) measured in the same")
    w("run, right before each query, because the machine is shared and absolute")
    w("numbers move with whatever else it runs.")
    w("")
    w("## Machine and run")
    w("")
    w(f"- commit: `{commit}`")
    w(f"- CPU: {cpu}, {nproc} cores; memory {memory}; load average at the end of the run: {load}")
    w(f"- wrk: `wrk -t{threads} -c{connections} -d{duration}s --latency URL` against `servicemap serve` (release build); {rounds} rounds of baseline-then-query per row, medians (the ratio is the median of the rounds' ratios)")
    w("- start-up: `servicemap serve --data DIR` until `GET /readyz` answers 200 (polled every 5 ms), five runs, median; peak RSS is `VmHWM` from `/proc/PID/status` once ready")
    w("- in-process: `SERVICEMAP_BENCH_SIZES=seed,10k,100k,1m cargo bench --bench queries` (criterion, medians)")
    w("- data: `cargo run -p servicemap-gen -- --categories C --services S --edges E --seed 1 --out bench-data/SIZE` (10k: 20/1000/10000, 100k: 100/10000/100000, 1m: 500/100000/1000000); a second 1M shape, 1m-long, adds `--categories-per-file 40 --names long` to 400/100000/1000000 (ten documents of about 5 MB, names of about 60 characters)")
    w("")
    w("## Over HTTP")
    w("")
    w("Server CPU per request is the server process's user and system time over the")
    w("requests `wrk` counted (kernel network work included): steadier than req/s on")
    w("a shared machine, and it says where the time goes. `wrk` takes one of the two")
    w("cores, so a server that keeps the other busy answers about 1 s / (CPU per")
    w("request) requests a second.")
    w("")
    w("The CPU ratio is the baseline's CPU per request over the query's (the median of the")
    w("rounds' ratios). The seed queries run twice: as served (wrk repeats one URL, so the")
    w("answer cache serves all but the first) and with `--answer-cache-mb 0`, which")
    w("computes every answer.")
    w("")
    w("| data | query | body | req/s | baseline req/s | ratio | p50 | p99 | baseline p50 / p99 | server CPU per request | baseline CPU per request | CPU ratio | errors |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for h in http:
        w(
            f"| {h['label']} | `{h['query']}` | {h['bytes']} B | {h['rps']:.0f} | {h['base_rps']:.0f} | "
            f"{h['ratio']:.0%} | {h['p50']:.2f} ms | {h['p99']:.2f} ms | {h['base_p50']:.2f} / {h['base_p99']:.2f} ms | "
            f"{h['cpu']:.1f} µs | {h['base_cpu']:.1f} µs | {h['cpu_ratio']:.0%} | {h['errors']} |"
        )
    w("")
    w("## Start-up to ready and memory")
    w("")
    w("| data | relation edges | ready (median of 5) | fastest | CPU time to ready | peak RSS (VmHWM) | ready per edge |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    per_edge = {}
    for size, runs in startup.items():
        ms = statistics.median(r[0] for r in runs)
        hwm = max(r[1] for r in runs) / 1024
        cpu_s = statistics.median(r[3] for r in runs)
        edges = edges_of[size]
        per_edge[size] = ms * 1000 / edges if edges else float("nan")
        fastest = min(r[0] for r in runs)
        w(f"| {size} | {edges} | {ms:.0f} ms | {fastest} ms | {cpu_s:.2f} s | {hwm:.0f} MiB | {per_edge[size]:.2f} µs |")
    w("")
    w("## In process (criterion medians)")
    w("")
    groups = defaultdict(dict)
    sizes = []
    for name, ns in criterion.items():
        group, size, bench = name.split("/", 2)
        if size not in sizes:
            sizes.append(size)
        groups[f"{group}: {bench}"][size] = ns
    order = ["seed", "10k", "100k", "1m"]
    sizes = [s for s in order if s in sizes]
    w("| benchmark | " + " | ".join(sizes) + " |")
    w("|---|" + "---:|" * len(sizes))
    for bench in sorted(groups):
        w(f"| {bench} | " + " | ".join(fmt_ns(groups[bench][s]) if s in groups[bench] else "" for s in sizes) + " |")
    w("")
    w("## How cost grows from 10k to 1M edges")
    w("")
    build = groups.get("load: build", {})
    if "10k" in build and "1m" in build:
        a, b = build["10k"] / 10_000 / 1000, build["1m"] / 1_000_000 / 1000
        w(f"- in-process load (parse, build, indexes; `load: build`) per edge: {a:.2f} µs at 10k, {b:.2f} µs at 1M: {b / a:.2f}x")
    if "10k" in per_edge and "1m" in per_edge:
        w(f"- start-up to ready per edge (process start included): {per_edge['10k']:.2f} µs at 10k, {per_edge['1m']:.2f} µs at 1M")
    for bench in ["query: shortest path", "query: k=5 shortest paths", "query: neighbours depth 2", "query: resolve miss", "query: resolve exact"]:
        g = groups.get(bench, {})
        if "10k" in g and "1m" in g:
            w(f"- {bench.split(': ')[1]}: {fmt_ns(g['10k'])} at 10k, {fmt_ns(g['1m'])} at 1M ({g['1m'] / g['10k']:.1f}x for 100x the edges)")
    w("")
    if os.path.exists(f"{out}/reload.txt") and any(not l.startswith("pending") for l in open(f"{out}/reload.txt")):
        w("## Reload under load")
        w("")
        w("`wrk` on the 1M edges query with no reload, then again while `POST /api/v1/admin/reload` runs back to back.")
        w("")
        w("| round | steady req/s | during reloads req/s | ratio | p99 during | reloads |")
        w("|---|---:|---:|---:|---:|---:|")
        for i, line in enumerate(l for l in open(f"{out}/reload.txt") if not l.startswith("pending")):
            st, du, n = line.rstrip("\n").split("|")
            st, du = list(map(float, st.split())), list(map(float, du.split()))
            w(f"| {i + 1} | {st[0]:.0f} | {du[0]:.0f} | {du[0] / st[0]:.0%} | {du[2]:.2f} ms | {n} |")
        w("")
    resolve = parse_resolve(f"{out}/resolve.txt")
    if resolve:
        w("## Name resolution over a corpus of inputs as people type them")
        w("")
        w("`cargo bench --bench resolve_latency -- DATA_DIR...` (benches/resolve_latency.rs): for each data set,")
        w("inputs drawn from its own names (exact, alias, lower case, prefix, one common word, several words,")
        w("one and two typos, misses), each resolved once (`resolve`, behind every node parameter and `/ask`)")
        w("and ranked (`candidates`, behind `/api/v1/nodes?q=` and the dashboard's search), timed one by one.")
        w("")
        w("```")
        for line in open(f"{out}/resolve.txt"):
            if line.strip():
                w(line.rstrip("\n"))
        w("```")
        w("")
    if os.path.exists(f"{out}/mcp.txt"):
        w("## MCP tools: server time and the largest answer within the budget")
        w("")
        w("`target/release/examples/mcp_sizes` (examples/mcp_sizes.rs): each tool called in process with the")
        w("arguments that make its answer largest (the busiest node, every edge, a common word, the largest")
        w("category, the far pair, every edge as Cypher rows), at the default budget (16384 bytes) and at the")
        w("ceiling (262144); bytes are the structured answer and its text rendering together; the time is the")
        w("median of the tool call alone (arguments read, the snapshot queried, the answer cut and serialised),")
        w("without the transport. docs/mcp.md explains the budget and the cursor.")
        w("")
        for line in open(f"{out}/mcp.txt"):
            w(line.rstrip("\n"))
        w("")
    w("## Targets")
    w("")


    for h in (h for h in http if h["label"].startswith("seed")):
        query, where = h["query"], h["label"]
        if "/query" in query:
            # A one-hop pattern from a named node: 0.7x the baseline over HTTP.
            w(f"- {where}, one-hop Cypher: {h['ratio']:.0%} of baseline req/s, CPU ratio {h['cpu_ratio']:.0%} (target 70%): {status(h['ratio'] >= 0.7)} in req/s, {status(h['cpu_ratio'] >= 0.7)} in CPU")
        elif "/ask" in query:
            # /ask: 0.6x the baseline; 0.7x in CPU per request.
            w(f"- {where} `{query}`: {h['ratio']:.0%} of baseline req/s (target 60%): {status(h['ratio'] >= 0.6)}; CPU ratio {h['cpu_ratio']:.0%} (target 70%): {status(h['cpu_ratio'] >= 0.7)}")
        else:
            w(f"- {where} `{query}`: CPU ratio {h['cpu_ratio']:.0%} (target 85%): {status(h['cpu_ratio'] >= 0.85)}; {h['ratio']:.0%} of baseline req/s")
    for size in [s for s in startup if s.startswith("1m")]:
        runs = startup[size]
        ms = statistics.median(r[0] for r in runs)
        hwm = max(r[1] for r in runs) / 1024
        fastest = min(r[0] for r in runs)
        w(f"- {size} start-up to ready {ms / 1000:.2f} s median, {fastest / 1000:.2f} s fastest (target < 1.0 s): {status(ms < 1000)}")
        w(f"- {size} peak RSS {hwm:.0f} MiB (target < 160 MiB): {status(hwm < 160)}")
    for data, rows in resolve.items():
        if "1m" not in data:
            continue
        for what, limit in [("resolve", 500), ("candidates", 1000)]:
            p99 = rows.get(f"{what} ALL")
            if p99 is not None:
                w(f"- {data}: `{what}` p99 over the corpus {p99:.1f} µs in process (target < {limit} µs): {status(p99 < limit)}")
    for bench, limit in [("cypher one-hop from named node", 50e3), ("ask interpretation", 50e3), ("ask interpretation path", 50e3)]:
        for size in ("seed", "1m"):
            v = groups.get(f"query: {bench}", {}).get(size)
            if v is not None:
                w(f"- {size} {bench} p50 {fmt_ns(v)} in process (target < {fmt_ns(limit)}): {status(v < limit)}")
    q = lambda bench: groups.get(f"query: {bench}", {}).get("1m")
    for bench, limit in [("shortest path", 0.5e6), ("k=5 shortest paths", 20e6), ("neighbours depth 2", 5e6)]:
        v = q(bench)
        if v is not None:
            w(f"- 1M {bench} p50 {fmt_ns(v)} in process (target < {fmt_ns(limit)}): {status(v < limit)}")
    if "10k" in build and "1m" in build:
        a, b = build["10k"] / 10_000, build["1m"] / 1_000_000
        w(f"- load time per edge at 1M {b / a:.2f}x that at 10k, in process (target within 1.3x): {status(b / a <= 1.3)}")
    reload_rows = []
    if os.path.exists(f"{out}/reload.txt"):
        for line in open(f"{out}/reload.txt"):
            parts = line.rstrip("\n").split("|")
            if parts[0] != "pending":
                reload_rows.append((list(map(float, parts[0].split())), list(map(float, parts[1].split())), int(parts[2])))
    if reload_rows:
        ratio = statistics.median(d[0] / s_[0] for s_, d, _ in reload_rows)
        reloads = sum(n for _, _, n in reload_rows)
        w(
            f"- throughput while the 1M data is reloaded back to back ({reloads} reloads over {len(reload_rows)} rounds): "
            f"{ratio:.0%} of steady (target 80%): {status(ratio >= 0.8)}"
        )
    else:
        w("- reload of the 1M data under load: pending (no `POST /api/v1/admin/reload` on this build)")
    if os.path.exists(f"{out}/mcp.txt"):
        rows = [l.split("|") for l in open(f"{out}/mcp.txt") if l.startswith("| seed ")]
        slowest = max((r[7].strip() for r in rows), default=None, key=lambda t: float(t.split()[0]) * (1000 if t.endswith(" ms") else 1))
        if slowest:
            micros = float(slowest.split()[0]) * (1000 if slowest.endswith(" ms") else 1)
            w(f"- slowest MCP tool call on the seed {slowest} of server time (target well under 1 ms): {status(micros < 500)}")
        over = [r for r in (l.split("|") for l in open(f"{out}/mcp.txt") if l.startswith("| ")) if r[4].strip().isdigit() and r[5].strip().isdigit() and int(r[5]) > int(r[4])]
        w(f"- every MCP answer within its budget: {status(not over)}")
    w("")
    return "\n".join(lines)


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "wrk":
        print(wrk(sys.stdin.read(), int(args[0])))
    elif command == "criterion":
        text = criterion(args[0])
        if text:
            print(text)
    elif command == "quote":
        print(urllib.parse.quote(args[0], safe=""))
    elif command == "report":
        print(report(*args[:6]))
    else:
        sys.exit(f"unknown command {command!r}; see {__file__}'s docstring")


if __name__ == "__main__":
    main(sys.argv[1:])
