#!/usr/bin/env python3
"""Runs the Cypher corpus through servicemap and through Kùzu, an embedded
Cypher database, over the same graph, and compares the result sets.

    scripts/cypher-compare.py [--bin target/release/servicemap] [--data data]
                              [--corpus tests/cypher/corpus.cypher] [-v]

The graph is exported with `servicemap export --format json` (nodes, relation
edges, memberships) and loaded into a fresh Kùzu database: one node table per
label (Category, Service, Concept) and one relationship table per relation
type (`integrates with` becomes `integrates_with`; memberships are
`HAS_SERVICE`), each relationship carrying its relation as a property. With
that layout most queries run unchanged in both engines; where Kùzu spells a
thing differently (`label(r)` for `type(r)`, `* SHORTEST` for
`shortestPath`, `TRAIL` for Neo4j's relationship uniqueness, 1-based lists)
the case gives Kùzu its own text.

Corpus format: cases separated by blank lines; `--` lines are directives:

    -- name: one-hop-uses           a name for the report
    -- kuzu: MATCH ...              Kùzu's text, when it differs
    -- follows: both                whose semantics the answer follows (see below)
    -- expect-error: read-only      servicemap must refuse it with this problem
                                    type (not run on Kùzu)
    -- ordered-lists                compare lists in order (else as multisets)

`follows` says, for the cases where the engines' semantics differ, which one
the expected answer follows: `both` (the default: they agree), `neo4j-trail`
(servicemap walks trails like Neo4j; Kùzu's default walk semantics would
repeat relationships, so Kùzu is asked for TRAIL explicitly), `servicemap`
(a servicemap feature Kùzu lacks, e.g. resolve() or case-insensitive names;
Kùzu runs the equivalent exact query).

Prints one line per failure and `N passed, N failed`; exits 1 on any failure.
Installs kuzu with pip when it is missing.
"""

import argparse
import decimal
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.request


def ensure_kuzu():
    try:
        import kuzu  # noqa: F401
    except ImportError:
        subprocess.check_call(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--root-user-action=ignore", "kuzu"]
        )
    import kuzu

    return kuzu


def read_corpus(path):
    cases, current = [], None
    for line in open(path, encoding="utf-8").read().split("\n") + [""]:
        if not line.strip():
            if current and current["query"]:
                cases.append(current)
            current = None
            continue
        if current is None:
            current = {"query": "", "kuzu": None, "follows": "both", "name": None,
                       "error": None, "ordered_lists": False}
        if line.startswith("#"):
            continue
        if line.startswith("--"):
            directive = line[2:].strip()
            key, _, value = directive.partition(":")
            key, value = key.strip(), value.strip()
            if key == "name":
                current["name"] = value
            elif key == "kuzu":
                current["kuzu"] = value
            elif key == "follows":
                current["follows"] = value
            elif key == "expect-error":
                current["error"] = value
            elif key == "ordered-lists":
                current["ordered_lists"] = True
            else:
                sys.exit(f"unknown directive: {line}")
        else:
            current["query"] += (" " if current["query"] else "") + line.strip()
    return cases


def run(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def start_server(binary, data):
    proc = subprocess.Popen(
        [binary, "serve", "--bind", "127.0.0.1:0", "--data", data],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "RUST_LOG": "info", "NO_COLOR": "1"},
    )
    address = None
    for line in proc.stderr:
        m = re.search(r"listening on http://(\S+)", line)
        if m:
            address = m.group(1)
            break
    if address is None:
        proc.kill()
        sys.exit("the server did not start")
    # Keep draining its log so it never blocks.
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    return proc, address


def ask_servicemap(address, query):
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        f"http://{address}/api/v1/query", data=body,
        headers={"content-type": "application/json"}, method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response), None
    except urllib.error.HTTPError as error:
        return None, json.load(error)


def table_name(relation):
    return relation.replace(" ", "_").replace("-", "_")


def load_kuzu(kuzu, binary, data, directory):
    exported = json.loads(run(binary, "export", "--format", "json", "--data", data))
    # Where each node and membership was first written (the export leaves it out).
    where = json.loads(run(binary, "query", "--json", "--data", data,
                           "MATCH (n) RETURN n.id, n.document, n.line"))
    placed = {row[0]: (row[1], row[2]) for row in where["data"]["values"]}
    members = json.loads(run(binary, "query", "--json", "--data", data,
                             "MATCH (c)-[r:HAS_SERVICE]->(s) RETURN c.id, s.id, r.document, r.line"))
    db = kuzu.Database(os.path.join(directory, "graph"))
    conn = kuzu.Connection(db)
    labels = {"category": "Category", "service": "Service", "concept": "Concept"}
    names = {n["id"]: n["name"] for n in exported["nodes"]}
    kind = {n["id"]: labels[n["kind"]] for n in exported["nodes"]}
    for label in labels.values():
        conn.execute(
            f"CREATE NODE TABLE {label}(id STRING PRIMARY KEY, name STRING, kind STRING, "
            "aliases STRING[], categories STRING[], document STRING, line INT64)"
        )
    for n in exported["nodes"]:
        document, line = placed[n["id"]]
        conn.execute(
            f"CREATE (:{kind[n['id']]} {{id: $id, name: $name, kind: $kind, aliases: $aliases, "
            "categories: $categories, document: $document, line: $line})",
            {"id": n["id"], "name": n["name"], "kind": n["kind"],
             "aliases": n["aliases"], "categories": [names[c] for c in n["categories"]],
             "document": document, "line": line},
        )
    edges = [(e["source"], e["relation"], e["target"], e["provenance"]["document"],
              e["provenance"]["line"]) for e in exported["edges"]]
    edges += [(c, "HAS_SERVICE", s, d, l) for c, s, d, l in members["data"]["values"]]
    pairs = {}
    for s, r, t, _, _ in edges:
        pairs.setdefault(r, set()).add((kind[s], kind[t]))
    for relation, ends in pairs.items():
        froms = ", ".join(f"FROM {a} TO {b}" for a, b in sorted(ends))
        conn.execute(
            f"CREATE REL TABLE `{table_name(relation)}`({froms}, relation STRING, document STRING, line INT64)"
        )
    for s, r, t, d, l in edges:
        conn.execute(
            f"MATCH (a:{kind[s]} {{id: $s}}), (b:{kind[t]} {{id: $t}}) "
            f"CREATE (a)-[:`{table_name(r)}` {{relation: $r, document: $d, line: $l}}]->(b)",
            {"s": s, "t": t, "r": r, "d": d, "l": l},
        )
    internal = {}
    result = conn.execute("MATCH (n) RETURN n")
    while result.has_next():
        node = result.get_next()[0]
        internal[(node["_id"]["table"], node["_id"]["offset"])] = node["id"]
    return conn, internal, len(exported["nodes"]), len(edges)


def canonical(value, internal, ordered_lists):
    """A value both engines' answers can be compared by: nodes as their id,
    relationships as `source -[relation]-> target`, paths as node ids,
    numbers rounded, lists sorted unless their order is the point."""
    def key(i):
        return (i["table"], i["offset"])

    if isinstance(value, dict):
        if "_nodes" in value:  # a Kùzu path
            return ("path", tuple(canonical(n, internal, True) for n in value["_nodes"]))
        if "_src" in value:  # a Kùzu relationship
            return f"{internal[key(value['_src'])]} -[{value['relation']}]-> {internal[key(value['_dst'])]}"
        if "_label" in value and "_id" in value:  # a Kùzu node
            return value["id"]
        if set(value) == {"id", "name", "kind"}:  # a servicemap node
            return value["id"]
        if "source" in value and "relation" in value and "provenance" in value:
            relation = "HAS_SERVICE" if value["relation"] == "has service" else value["relation"]
            return f"{value['source']['id']} -[{relation}]-> {value['target']['id']}"
        if set(value) == {"nodes", "edges"}:  # a servicemap path
            return ("path", tuple(canonical(n, internal, True) for n in value["nodes"]))
        return tuple(sorted((k, canonical(v, internal, ordered_lists)) for k, v in value.items()))
    if isinstance(value, list):
        items = [canonical(v, internal, ordered_lists) for v in value]
        if not ordered_lists:
            items = sorted(items, key=repr)
        return ("list", tuple(items))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)
        return round(number, 6) if number != int(number) else int(number)
    return repr(value)


def kuzu_rows(conn, query):
    result = conn.execute(query)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=None)
    parser.add_argument("--data", default="data")
    parser.add_argument("--corpus", default="tests/cypher/corpus.cypher")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    binary = args.bin
    if binary is None:
        for candidate in ("target/release/servicemap", "target/debug/servicemap"):
            if os.path.exists(candidate):
                binary = candidate
                break
        else:
            sys.exit("no servicemap binary: build one or pass --bin")
    kuzu = ensure_kuzu()
    cases = read_corpus(args.corpus)
    with tempfile.TemporaryDirectory() as directory:
        conn, internal, nodes, edges = load_kuzu(kuzu, binary, args.data, directory)
        print(f"kuzu {kuzu.__version__}: {nodes} nodes, {edges} relationships loaded; {len(cases)} cases")
        server, address = start_server(binary, args.data)
        passed = failed = 0
        try:
            for number, case in enumerate(cases, 1):
                name = case["name"] or f"case {number}"
                ours, problem = ask_servicemap(address, case["query"])
                if case["error"]:
                    expected = f"urn:servicemap:problem:{case['error']}"
                    if problem and problem.get("type") == expected:
                        passed += 1
                    else:
                        failed += 1
                        print(f"FAIL {name}: expected {expected}, got {problem or ours}")
                    continue
                if problem:
                    failed += 1
                    print(f"FAIL {name}: servicemap: {problem.get('detail')}\n  {case['query']}")
                    continue
                try:
                    theirs = kuzu_rows(conn, case["kuzu"] or case["query"])
                except Exception as error:  # Kùzu's own errors are failures of the case
                    failed += 1
                    print(f"FAIL {name}: kuzu: {error}\n  {case['kuzu'] or case['query']}")
                    continue
                ordered = "ORDER BY" in case["query"].upper()
                ol = case["ordered_lists"]
                a = [tuple(canonical(v, internal, ol) for v in row) for row in ours["data"]["values"]]
                b = [tuple(canonical(v, internal, ol) for v in row) for row in theirs]
                if not ordered:
                    a, b = sorted(a, key=repr), sorted(b, key=repr)
                if a == b:
                    passed += 1
                    if args.verbose:
                        print(f"ok   {name} ({len(a)} rows, follows {case['follows']})")
                else:
                    failed += 1
                    print(f"FAIL {name} (follows {case['follows']}): {case['query']}")
                    print(f"  servicemap {a[:8]}{' ...' if len(a) > 8 else ''}")
                    print(f"  kuzu       {b[:8]}{' ...' if len(b) > 8 else ''}")
        finally:
            server.terminate()
            server.wait()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
