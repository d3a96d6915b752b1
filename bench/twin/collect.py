#!/usr/bin/env python3
"""Rows of bench/twin.md from run directories: the seven statistics of twin-stats.py with in/out
marks, the public and private probe shares, and beside them the structure statistics of the run's
report.json (`murmur analyze` at the run's commit).

    python3 bench/twin/collect.py LABEL=RUN_DIR ...
"""
import importlib.util
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("twin_stats", os.path.join(here, "twin-stats.py"))
twin_stats = importlib.util.module_from_spec(spec)
spec.loader.exec_module(twin_stats)


def stats_of(run):
    log = twin_stats.read_events(os.path.join(run, "events.ndjson"))
    posts, comments = twin_stats.society(log["posts"], log["comments"], log["deleted"])
    stats = twin_stats.structure(posts, comments, log["votes"])
    stats["probes"] = twin_stats.probe_rates(log["posts"], log["agents"], log["probes"], log["answers"])
    return stats


def mark(name, value):
    low, high = twin_stats.BANDS[name]
    ok = value is not None and (low is None or value >= low) and (high is None or value <= high)
    return f"{value:.3f}{'' if ok else ' **out**'}", ok


def main():
    for arg in sys.argv[1:]:
        label, run = arg.split("=", 1)
        s = stats_of(run)
        cells, inside = [], 0
        for name in twin_stats.BANDS:
            text, ok = mark(name, s[name])
            cells.append(text)
            inside += ok
        pub, priv = s["probes"]["public"], s["probes"]["private"]
        probe = (
            f"{pub['answeredProbes']}/{pub['probes']} answered, {pub['validReplies']}/{pub['replies']} valid"
            f" (private {priv['answeredTargets']}/{priv['asked']}, {priv['validReplies']}/{priv['replies']} valid)"
        )
        print(f"| {label} | " + " | ".join(cells) + f" | {s['alphaXmin']} / {s['alphaKsD']:.3f} | {inside}/7 | {probe} |")
        report = os.path.join(run, "report.json")
        if os.path.exists(report):
            st = json.load(open(report))["metrics"]["structure"]
            keys = ["reciprocity", "noReplyShare", "meanThreadDepth", "upvoteGini", "postGini", "powerLawAlpha", "duplicateShare"]
            values = " | ".join("-" if st.get(k) is None else f"{st[k]:.3f}" for k in keys)
            print(f"| {label}, murmur analyze | {values} | | | |")


if __name__ == "__main__":
    main()
