#!/usr/bin/env python3
"""The diagnostics' verdicts of run directories (report.json), one line per run."""
import json
import sys

for arg in sys.argv[1:]:
    label, run = arg.split("=", 1)
    verdicts = json.load(open(f"{run}/report.json"))["verdicts"]
    print(f"| {label} | " + " | ".join(f"{v['verdict']} ({v['n']})" for v in verdicts) + " |")
