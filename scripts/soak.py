#!/usr/bin/env python3
"""Soak test client for scripts/soak.sh: sustained concurrent load on a
running servicemap, document changes during it, then the checks.

Standard library only. Every request goes to 127.0.0.1. Checks: no
connection errors, no 5xx, no status other than the one each request asks
for, reload exercised when the server has it (reported as not exercised
otherwise), and the server's resident memory back to its steady level once
the load stops. Prints one `ok CHECK` or `FAIL CHECK` line per check, which
scripts/soak.sh counts."""

import argparse
import collections
import http.client
import json
import os
import threading
import time

# (path, expected status): successes and the errors asked for on purpose.
REQUESTS = [
    ("/healthz", 200),
    ("/readyz", 200),
    ("/api/v1/stats", 200),
    ("/api/v1/diagnostics", 200),
    ("/api/v1/nodes?limit=20", 200),
    ("/api/v1/nodes?kind=service&q=a", 200),
    ("/api/v1/nodes/AKS", 200),
    ("/api/v1/nodes/AKS/neighbors?depth=2", 200),
    ("/api/v1/categories", 200),
    ("/api/v1/categories/Compute", 200),
    ("/api/v1/resolve?name=sql", 200),
    ("/api/v1/ask?q=what+uses+AKS", 200),
    ("/api/v1/relations", 200),
    ("/api/v1/edges?relation=integrates+with", 200),
    ("/api/v1/path?from=AKS&to=VMSS&k=3&via_categories=true", 200),
    ("/api/v1/graph?format=dot", 200),
    ("/api/v1/graph?format=mindmap&focus=AKS&depth=2", 200),
    ("/api/v1/analytics?metric=betweenness&limit=5", 200),
    ("/api/v1/analytics?metric=components", 200),
    ("/api/v1/nodes/zzqqxxyy-nothing", 404),
    ("/api/v1/nodes?limit=0", 400),
    ("/api/v1/no-such-route", 404),
    ("/api/v1/ask?q=colourless+green+ideas+sleep", 422),
]

EXTRA_DOCUMENT = "soak-extra.md"


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.statuses = collections.Counter()
        self.unexpected = collections.Counter()
        self.errors = collections.Counter()
        self.slowest = 0.0

    def record(self, path, expected, status, elapsed):
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            self.slowest = max(self.slowest, elapsed)
            if status != expected:
                self.unexpected[(path, expected, status)] += 1

    def error(self, what):
        with self.lock:
            self.errors[what] += 1


def worker(host, port, index, stop, counters):
    connection = None
    i = index
    while not stop.is_set():
        path, expected = REQUESTS[i % len(REQUESTS)]
        i += 1
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=30)
            started = time.monotonic()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            counters.record(path, expected, response.status, time.monotonic() - started)
            if response.getheader("connection", "").lower() == "close":
                connection.close()
                connection = None
        except Exception as error:  # noqa: BLE001 - every failure counts
            counters.error(f"{path}: {type(error).__name__}: {error}")
            if connection is not None:
                connection.close()
            connection = None
    if connection is not None:
        connection.close()


def call(host, port, method, path, token=None):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Content-Length": "0"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def version(host, port):
    status, body = call(host, port, "GET", "/readyz")
    return json.loads(body).get("version") if status == 200 else None


def write_extra(data, generation):
    nodes = "\n".join(f"    Soak Node {generation}-{i}" for i in range(20))
    text = f"# Soak {generation}\n\n```mermaid\nmindmap\n  root((Soak Category {generation}))\n{nodes}\n```\n"
    path = os.path.join(data, EXTRA_DOCUMENT)
    with open(path + ".tmp", "w") as out:
        out.write(text)
    os.replace(path + ".tmp", path)


def changer(host, port, data, token, stop, interval, report):
    """Changes a document every `interval` seconds; reloads through the
    admin endpoint when the server has it, and watches /readyz for a new
    version either way (a file watcher would show one unasked)."""
    generation = 0
    while not stop.wait(interval):
        generation += 1
        before = version(host, port)
        write_extra(data, generation)
        if report["reload_endpoint"]:
            status, body = call(host, port, "POST", "/api/v1/admin/reload", token)
            if 200 <= status < 300:
                report["reloads_ok"] += 1
            else:
                report["reloads_failed"].append((status, body[:200]))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not stop.is_set():
            if version(host, port) != before:
                report["versions_seen"] += 1
                break
            time.sleep(0.1)
        report["changes"] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addr", required=True, help="HOST:PORT of the server")
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    host, port = args.addr.rsplit(":", 1)
    port = int(port)

    # Does the server take reloads? A 404 or 405 means the endpoint is not
    # served: say so, do not pretend.
    status, _ = call(host, port, "POST", "/api/v1/admin/reload", args.token)
    report = {
        "reload_endpoint": 200 <= status < 300,
        "reload_probe": status,
        "reloads_ok": 0,
        "reloads_failed": [],
        "versions_seen": 0,
        "changes": 0,
    }
    if not report["reload_endpoint"] and status not in (404, 405):
        print(f"soak: POST /api/v1/admin/reload answered {status}, neither success nor absent")

    idle_rss = rss_kb(args.pid)
    counters = Counters()
    stop = threading.Event()
    threads = [
        threading.Thread(target=worker, args=(host, port, i, stop, counters), daemon=True)
        for i in range(args.workers)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    change_stop = threading.Event()
    change_thread = threading.Thread(
        target=changer,
        args=(host, port, args.data, args.token, change_stop, 5.0, report),
        daemon=True,
    )
    change_thread.start()

    # Steady level: the highest resident size over the middle of the run.
    samples = []
    while time.monotonic() - started < args.seconds:
        time.sleep(1)
        samples.append(rss_kb(args.pid))
    stop.set()
    change_stop.set()
    for thread in threads:
        thread.join(timeout=60)
    change_thread.join(timeout=60)
    elapsed = time.monotonic() - started
    time.sleep(3)
    after_rss = rss_kb(args.pid)
    middle = samples[len(samples) // 4 :] or samples
    steady_rss = max(middle) if middle else idle_rss
    peak_rss = max(samples) if samples else idle_rss

    print(
        f"soak: {counters.requests} requests in {elapsed:.0f}s "
        f"({counters.requests / elapsed:.0f}/s) from {args.workers} connections; "
        f"slowest {counters.slowest * 1000:.0f} ms"
    )
    print(f"soak: statuses {dict(sorted(counters.statuses.items()))}")
    print(
        f"soak: VmRSS idle {idle_rss} kB, steady {steady_rss} kB, peak {peak_rss} kB, "
        f"after {after_rss} kB"
    )
    print(f"soak: {report['changes']} document changes")

    checks = []
    checks.append(("requests were served", counters.requests > 0, f"{counters.requests}"))
    checks.append(
        ("no connection errors", not counters.errors, "; ".join(f"{n}x {e}" for e, n in counters.errors.most_common(5)))
    )
    server_errors = sum(n for s, n in counters.statuses.items() if s >= 500)
    checks.append(("no 5xx", server_errors == 0, f"{server_errors}"))
    checks.append(
        (
            "every status as asked",
            not counters.unexpected,
            "; ".join(f"{n}x {p} expected {e} got {s}" for (p, e, s), n in counters.unexpected.most_common(5)),
        )
    )
    # Back to steady: within a quarter (and 16 MB of slack) of the level
    # held under load; a leak keeps growing past it.
    limit = max(steady_rss * 1.25, steady_rss + 16 * 1024)
    checks.append(("memory back to its steady level", after_rss <= limit, f"{after_rss} kB <= {limit:.0f} kB"))
    if report["reload_endpoint"]:
        checks.append(
            (
                "reloads during the load",
                report["reloads_ok"] == report["changes"] and not report["reloads_failed"],
                f"{report['reloads_ok']} of {report['changes']} ok {report['reloads_failed'][:3]}",
            )
        )
        checks.append(("new versions served", report["versions_seen"] > 0, f"{report['versions_seen']}"))
        print(f"soak: reload exercised: {report['reloads_ok']} reloads, {report['versions_seen']} new versions seen")
    else:
        print(
            f"soak: reload NOT exercised: POST /api/v1/admin/reload answered "
            f"{report['reload_probe']} (endpoint not served by this build)"
        )
        if report["versions_seen"]:
            print(f"soak: a file watcher served {report['versions_seen']} new versions")
        else:
            print("soak: no file watcher observed: the documents changed, the served version did not")

    # One line per check, counted by scripts/lib.sh's tally.
    for name, ok, detail in checks:
        print(f"{'ok' if ok else 'FAIL'} {name} ({detail})")
    return 0 if all(ok for _, ok, _ in checks) else 1

if __name__ == "__main__":
    raise SystemExit(main())
