"""The MCP server checked with the official Python SDK as its client.

    python scripts/mcp_client.py --url http://HOST:PORT/mcp --data DIR
    python scripts/mcp_client.py --stdio BINARY --data DIR

Over streamable HTTP against a running `servicemap serve --data DIR`, or
over stdio against `BINARY mcp --data DIR` (launched here): initialize
(both lifecycles: the 2026-07-28 discover and the initialize handshake),
list the tools, call every tool with good and bad input, page through a
large answer with the cursor, read resources in pages, get the prompts,
and subscribe to resources, then change a document in DIR on disk and wait
for `notifications/resources/updated`. DIR is changed: pass a copy.

Prints one `ok what` or `FAIL what` line per check (scripts/lib.sh's
`tally` counts them), `note` lines with timings, and exits 1 on a failure.
"""

import argparse
import asyncio
import json
import os
import sys
import time
import warnings
from pathlib import Path

from mcp import Client, StdioServerParameters

TOOLS = {
    "resolve", "describe_node", "find_edges", "neighbourhood", "find_paths",
    "impact", "ask", "query", "map_summary",
}
FAILED = 0
DOCUMENT = "azure-services-map.md"
DOCUMENT_URI = f"servicemap://document/{DOCUMENT}"
NODE_URI = "servicemap://node/blob-storage"
UNCHANGED_URI = "servicemap://node/azure-kubernetes-service"


def check(what, condition, detail=""):
    global FAILED
    if condition:
        print(f"ok {what}", flush=True)
    else:
        FAILED += 1
        print(f"FAIL {what}: {detail}"[:2000], flush=True)


def structured(result):
    return result.structured_content or {}


async def tools_and_answers(client, label):
    listed = await client.list_tools()
    names = {t.name for t in listed.tools}
    check(f"{label}: tools/list has every tool", names == TOOLS, sorted(names))
    check(
        f"{label}: every tool is read-only with input and output schemas",
        all(t.annotations and t.annotations.read_only_hint and t.output_schema and t.input_schema
            for t in listed.tools),
    )
    version = None
    good = [
        ("resolve", {"name": "AKS"}, lambda s: s["items"][0]["node"]["id"] == "azure-kubernetes-service"),
        ("describe_node", {"node": "Cosmos DB"},
         lambda s: s["node"]["kind"] == "service" and all(i["provenance"]["line"] > 0 for i in s["items"])),
        ("find_edges", {"relation": "integrates with", "target": "Synapse"},
         lambda s: [e["source"]["name"] for e in s["items"]] == ["Data Lake Storage"]),
        ("neighbourhood", {"node": "AKS", "depth": 2, "direction": "out"},
         lambda s: s["node_count"] >= 3 and s["items"][0]["provenance"]["document"] == DOCUMENT),
        ("find_paths", {"from": "AKS", "to": "Virtual Machines", "k": 2},
         lambda s: s["items"][0]["hops"] == 1),
        ("impact", {"node": "Virtual Machines"},
         lambda s: any(r["node"]["id"] == "azure-kubernetes-service" for r in s["items"])),
        ("ask", {"question": "what integrates with Synapse?"},
         lambda s: "Data Lake Storage" in s["sentence"]),
        ("query", {"query": "MATCH (c:Category) RETURN c.name ORDER BY c.name LIMIT 3"},
         lambda s: s["fields"] == ["c.name"] and len(s["items"]) == 3),
        ("map_summary", {}, lambda s: s["counts"]["nodes"] > 50 and s["items"][0]["item"] == "relation"),
    ]
    for tool, args, probe in good:
        result = await client.call_tool(tool, args)
        s = structured(result)
        try:
            fine = not result.is_error and probe(s)
        except (KeyError, IndexError, TypeError) as error:
            fine, s = False, {"error": repr(error), "answer": s}
        text = result.content[0].text if result.content else ""
        check(f"{label}: {tool} answers {json.dumps(args)}", fine and text and len(text) <= 1024, s)
        version = version or s.get("version")
        check(f"{label}: {tool} names the graph version", s.get("version") == version, s.get("version"))

    bad = [
        ("describe_node", {"node": "Kubernetis Enginexx"}, "not-found", "suggestions"),
        ("find_edges", {"sorce": "AKS"}, "bad-parameter", "suggestions"),
        ("find_edges", {"relation": "integrate with"}, "bad-parameter", "suggestions"),
        ("neighbourhood", {"node": "AKS", "depth": 99}, "bad-parameter", "parameter"),
        ("find_paths", {"from": "AKS"}, "bad-parameter", "detail"),
        ("impact", {"node": "AKS", "direction": "sideways"}, "bad-parameter", "parameter"),
        ("ask", {"question": "colour of the sky"}, "unreadable-question", "forms"),
        ("query", {"query": "CREATE (n:Service {name: 'x'})"}, "read-only", "clause"),
        ("query", {"query": "MATCH (n RETURN n"}, "query-syntax", "excerpt"),
        ("map_summary", {"cursor": "not.a.cursor"}, "bad-cursor", "detail"),
        ("resolve", {"name": "x", "max_bytes": 5}, "bad-parameter", "parameter"),
    ]
    for tool, args, kind, field in bad:
        result = await client.call_tool(tool, args)
        s = structured(result)
        check(
            f"{label}: {tool} {json.dumps(args)} is a tool error `{kind}` with `{field}`",
            result.is_error and s.get("type") == f"urn:servicemap:problem:{kind}" and s.get(field),
            s,
        )


async def paging(client, label):
    whole = structured(await client.call_tool("find_edges", {"max_bytes": 262144}))
    seen, cursor, parts, fits = [], None, 0, True
    while True:
        args = {"max_bytes": 2048}
        if cursor:
            args["cursor"] = cursor
        result = await client.call_tool("find_edges", args)
        part = structured(result)
        size = len(json.dumps(part, separators=(",", ":"))) + len(result.content[0].text)
        fits = fits and size <= 2048
        seen.extend(part["items"])
        parts += 1
        cursor = part.get("next_cursor")
        if not cursor or parts > 1000:
            break
    check(f"{label}: the cursor pages through all {whole['total']} edges in {parts} parts",
          parts > 2 and seen == whole["items"], (parts, len(seen), whole["total"]))
    check(f"{label}: every part fits its 2048-byte budget", fits)
    counted = structured(await client.call_tool("find_edges", {"summary_only": True}))
    check(f"{label}: summary_only counts without items",
          counted["total"] == whole["total"] and counted["items"] == [], counted)


async def resources_and_prompts(client, label):
    uris, cursor, pages = [], None, 0
    while True:
        page = await client.list_resources(cursor=cursor)
        uris.extend(str(r.uri) for r in page.resources)
        pages += 1
        cursor = page.next_cursor
        if not cursor or pages > 100:
            break
    check(f"{label}: resources/list pages ({pages}) through the summary, documents and nodes",
          uris[0] == "servicemap://map/summary" and DOCUMENT_URI in uris and NODE_URI in uris, uris[:3])
    for uri in ("servicemap://map/summary", DOCUMENT_URI, NODE_URI):
        read = await client.read_resource(uri)
        body = json.loads(read.contents[0].text)
        check(f"{label}: resources/read {uri}", "version" in body, body)
    prompts = await client.list_prompts()
    check(f"{label}: prompts/list", len(prompts.prompts) == 3, prompts)
    got = await client.get_prompt("explain_dependencies", {"service": "AKS"})
    check(f"{label}: prompts/get cites the map", f"{DOCUMENT}:" in got.messages[0].content.text)


async def timings(client, label):
    started = time.perf_counter()
    n = 100
    for _ in range(n):
        await client.call_tool("describe_node", {"node": "azure-kubernetes-service"})
    per_call = (time.perf_counter() - started) / n * 1e3
    print(f"::    {label}: describe_node round trip {per_call:.2f} ms (client and transport included)")


def change_document(data, n):
    """Appends a block that gives Blob Storage one more user."""
    path = Path(data) / DOCUMENT
    text = path.read_text()
    block = f"\n### Probe {n}\n```mermaid\nmindmap\n  root((Probe Services {n}))\n    Probe Service {n}\n      :: uses\n      Blob Storage\n```\n"
    path.write_text(text + block)


async def listen_for_changes(client, label, data, n):
    """The 2026-07-28 lifecycle: subscriptions/listen."""
    wanted = {DOCUMENT_URI, NODE_URI}
    heard = set()
    async with client.listen(resource_subscriptions=[DOCUMENT_URI, NODE_URI, UNCHANGED_URI]) as sub:
        change_document(data, n)

        async def collect():
            async for event in sub:
                heard.add(getattr(event, "uri", None))
                if wanted <= heard:
                    return

        try:
            await asyncio.wait_for(collect(), 30)
        except asyncio.TimeoutError:
            pass
    check(f"{label}: subscriptions/listen hears notifications/resources/updated after the file changed",
          wanted <= heard, heard)
    check(f"{label}: an unchanged subscribed node is not notified", UNCHANGED_URI not in heard, heard)


async def subscribe_for_changes(server, label, data, n):
    """The initialize handshake's lifecycle: resources/subscribe."""
    heard = set()
    arrived = asyncio.Event()

    async def handler(message):
        if getattr(message, "method", None) == "notifications/resources/updated":
            heard.add(message.params.uri)
            if {DOCUMENT_URI, NODE_URI} <= heard:
                arrived.set()

    async with Client(server, mode="legacy", message_handler=handler) as client:
        check(f"{label} (initialize): negotiated {client.protocol_version}",
              client.protocol_version < "2026-07-28", client.protocol_version)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for uri in (DOCUMENT_URI, NODE_URI, UNCHANGED_URI):
                await client.subscribe_resource(uri)
        # Tools work the same on this lifecycle.
        result = await client.call_tool("describe_node", {"node": "AKS"})
        check(f"{label} (initialize): a tool call answers", not result.is_error, result)
        change_document(data, n)
        try:
            await asyncio.wait_for(arrived.wait(), 30)
        except asyncio.TimeoutError:
            pass
    check(f"{label} (initialize): resources/subscribe hears notifications/resources/updated after the file changed",
          {DOCUMENT_URI, NODE_URI} <= heard, heard)
    check(f"{label} (initialize): an unchanged subscribed node is not notified", UNCHANGED_URI not in heard, heard)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--stdio")
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    if args.url:
        server, label = args.url, "http"
    else:
        # The server logs to stderr, which the client passes on: warnings only.
        env = {**os.environ, "RUST_LOG": "warn"}
        server = StdioServerParameters(command=args.stdio, args=["mcp", "--data", args.data], env=env)
        label = "stdio"
    async with Client(server) as client:
        check(f"{label}: initialized on {client.protocol_version}", client.protocol_version >= "2025-11-25")
        await tools_and_answers(client, label)
        await paging(client, label)
        await resources_and_prompts(client, label)
        await timings(client, label)
        await listen_for_changes(client, label, args.data, 1)
    await subscribe_for_changes(server, label, args.data, 2)
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    asyncio.run(main())
