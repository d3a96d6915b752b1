#!/usr/bin/env python3
"""Checks a `murmur export` against its run directory, from Python (docs/export.md).

    python3 bench/export-check.py RUN_DIR EXPORT_DIR

EXPORT_DIR must hold the export in every format (`--format csv,parquet,sqlite,gexf,graphml`).
Counts each event type in RUN_DIR/events.ndjson independently (plain json, no Murmur code), then
loads every table with Python's csv module, sqlite3 and pyarrow (and pandas when installed), and
every graph file with networkx's read_gexf and read_graphml, and compares: rows per table against
the log's counts, the same columns in every format, and the graphs' nodes, edges and weights
against graph.json. Prints one line per check and exits 1 on the first mismatch's summary.
"""
import csv
import json
import os
import sqlite3
import sys

import networkx as nx
import pyarrow
import pyarrow.parquet as pq

try:
    import pandas as pd
except ImportError:  # pandas is optional: pyarrow is the Parquet reader
    pd = None

# Event type -> table (docs/export.md), written out here rather than read from Murmur's code.
TABLE_OF_TYPE = {
    "agent": "agents", "submolt": "submolts", "feedSnapshot": "feed_snapshots", "exposure": "exposures",
    "post": "posts", "comment": "comments", "vote": "votes", "follow": "follows", "subscribe": "subscriptions",
    "delete": "deletions", "memoryWrite": "memory_writes", "memoryShown": "memory_shown", "memoryRef": "memory_refs",
    "probe": "probes", "probeAnswer": "probe_answers", "llmCall": "llm_calls", "turnTimeout": "turn_timeouts",
    "intervention": "interventions", "scoreSnapshot": "score_snapshots", "roundEnd": "round_ends",
}

failures = []


def shown(value):
    """Sets and maps by their size, tuples item by item: one short line per check."""
    if isinstance(value, (set, dict)):
        return f"{len(value)} entries"
    if isinstance(value, tuple):
        return "(" + ", ".join(shown(v) for v in value) + ")"
    return str(value)


def check(label, got, expected):
    ok = got == expected
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {shown(got)}" + ("" if ok else f" (expected {shown(expected)})"))
    if not ok:
        failures.append(label)


def expected_rows(run_dir):
    counts = {table: 0 for table in TABLE_OF_TYPE.values()}
    counts["exposure_items"] = 0
    counts["feed_snapshot_items"] = 0
    with open(os.path.join(run_dir, "events.ndjson"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            event = json.loads(line)
            counts[TABLE_OF_TYPE[event["type"]]] += 1
            if event["type"] == "exposure":
                counts["exposure_items"] += len(event["items"] if "items" in event else event.get("ranks", []))
            if event["type"] == "feedSnapshot":
                counts["feed_snapshot_items"] += len(event["items"])
    report_path = os.path.join(run_dir, "report.json")
    if os.path.exists(report_path):
        with open(report_path, encoding="utf-8") as f:
            report = json.load(f)
        counts["verdicts"] = len(report["verdicts"])
        counts["verdict_components"] = sum(len(v["components"]) for v in report["verdicts"])
    return counts


def check_tables(run_dir, out_dir):
    expected = expected_rows(run_dir)
    db = sqlite3.connect(os.path.join(out_dir, "murmur.sqlite"))
    sqlite_tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, rows in sorted(expected.items()):
        with open(os.path.join(out_dir, f"{table}.csv"), newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            csv_rows = sum(1 for _ in reader)
        parquet = pq.read_table(os.path.join(out_dir, f"{table}.parquet"))
        sqlite_rows = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] if table in sqlite_tables else None
        sqlite_columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        check(f"{table}: rows in csv / parquet / sqlite (log: {rows})", (csv_rows, parquet.num_rows, sqlite_rows), (rows, rows, rows))
        check(f"{table}: same columns in csv, parquet and sqlite", header == parquet.column_names == sqlite_columns, True)
        if pd is not None:
            frame = pd.read_csv(os.path.join(out_dir, f"{table}.csv"))
            check(f"{table}: rows in pandas.read_csv / read_parquet", (len(frame), len(pd.read_parquet(os.path.join(out_dir, f"{table}.parquet")))), (rows, rows))


def check_graphs(run_dir, out_dir):
    graph_path = os.path.join(run_dir, "graph.json")
    if not os.path.exists(graph_path):
        print("no graph.json: no graph files to check")
        return
    with open(graph_path, encoding="utf-8") as f:
        graph = json.load(f)
    with open(os.path.join(run_dir, "report.json"), encoding="utf-8") as f:
        cumulative_pagerank = json.load(f)["metrics"]["influence"]["cumulative"]["pagerank"]
    ids = [n["id"] for n in graph["nodes"]]
    slices = []
    total = {}
    for w in graph["windows"]:
        edges = {(ids[s], ids[t]): c for s, t, c in w["edges"]}
        for key, c in edges.items():
            total[key] = total.get(key, 0) + c
        nodes = {ids[int(i)] for i in w["pagerank"]} | {n for e in edges for n in e}
        slices.append((f"window-{w['index']:02d}", nodes, edges))
    slices.append(("cumulative", set(ids), total))
    for name, nodes, edges in slices:
        for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
            g = read(os.path.join(out_dir, f"graph-{name}.{fmt}"))
            weights = {(s, t): d["weight"] for s, t, d in g.edges(data=True)}
            check(f"graph-{name}.{fmt}: directed, nodes, edges, total weight", (g.is_directed(), set(g.nodes), len(weights), sum(weights.values())), (True, nodes, len(edges), sum(edges.values())))
            check(f"graph-{name}.{fmt}: every edge's weight", weights, {k: float(v) for k, v in edges.items()})
            if name == "cumulative":
                pagerank = {n: d.get("pagerank") for n, d in g.nodes(data=True) if "pagerank" in d}
                check(f"graph-{name}.{fmt}: pagerank = report.json's cumulative pagerank", pagerank, cumulative_pagerank)
                check(f"graph-{name}.{fmt}: community on every node", all("community" in d for _, d in g.nodes(data=True)), True)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    run_dir, out_dir = sys.argv[1], sys.argv[2]
    print(f"pyarrow {pyarrow.__version__}, networkx {nx.__version__}, sqlite {sqlite3.sqlite_version}, pandas {pd.__version__ if pd is not None else 'not installed'}")
    check_tables(run_dir, out_dir)
    check_graphs(run_dir, out_dir)
    print(f"{len(failures)} failed" if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
