import type { DiagnosticRule } from "../../../core/contracts/report.js";
import { agentEffectChart } from "../chart-spec.js";
import { formatNumber } from "../format-number.js";
import { defineMetric } from "../metric-definition.js";
import { computeMemoryProbes } from "./memory-probes.js";
import { consensusDelta, diagnoseMemoryProbes } from "./components.js";

/**
 * The verdict rule (docs/metrics.md section 10), delta in the consensus component's units (Jaccard).
 * Derived on tuning seeds 101-110 only: 168-round sim runs (1 h rounds, so probes are daily) -
 * off-300-s101, s102 and off-1000-s101 (knobs off), appeal-300-s101 (authorAppeal 1),
 * soc-300-s101..s103 and soc-150-s101 (socialized), memoff-300-s101 (socialized knobs, memory off) -
 * and two socialized runs with citation-aware sim memory (the sim change section 10 describes).
 */
export const memoryProbesRule: DiagnosticRule = {
  metric: "memoryProbes",
  delta: consensusDelta,
  minN: 20,
  why:
    "delta 0.05 (Jaccard: an answer's mean similarity with the other answers to the same probe, minus the same for " +
    "the answers each agent would give by naming what the tops of its own feeds showed it most): two answers of 3 " +
    "agents and 3 posts sharing s names have Jaccard s/(12-s) - 0, 0.09, 0.20, 0.33 - and the null's agreement sits " +
    "at 0.19-0.30 (about two shared names); one more shared name adds 0.13 there, so 0.05 is one more name in common " +
    "in about every third pair of answers than the feeds' overlap gives - the least that reads as a memory the agents " +
    "share rather than a feed they share. A difference of Jaccards, so it does not shrink with N. Tuning logs: knobs " +
    "off -0.012, -0.013 (300 agents), 0.010 (1,000); authorAppeal -0.015; socialized 0.005, -0.000, -0.002 (300), " +
    "0.003 (150) - sim memory is a subsample of the feed; memory off: no answer names anything; socialized with " +
    "citation-aware sim memory 0.093, 0.154. " +
    "minN 20 answering agents: private probes ask 50 by default; with fewer clusters the bootstrap CI is unreliable.",
};

/** docs/metrics.md section 10, memory probes: whether answers share a memory of who and what mattered beyond what the feeds showed. */
export const memoryProbesMetric = defineMetric({
  name: "memoryProbes",
  compute: computeMemoryProbes,
  verdict: { rule: memoryProbesRule, diagnose: diagnoseMemoryProbes },
  render: (m, { delta }) => {
    const g = m.grounding;
    const c = m.consensus;
    const pub = m.responseRate.public;
    const num = (value: number | null): string => (value === null ? "-" : formatNumber(value));
    const publicText =
      pub.probes > 0
        ? `; public probes answered ${pub.answered} of ${pub.probes}, ${pub.validReplies} of ${pub.replies} replies valid`
        : "";
    return {
      title: "memoryProbes",
      blocks: [
        {
          kind: "text",
          text:
            `${m.answers} answers to ${m.probes} probes (private response rate ${num(m.responseRate.private.rate)}${publicText}); ` +
            `valid named entities ${m.validity.valid} of ${m.validity.named}. Consensus (mean pairwise Jaccard) ` +
            `${num(c.observed.meanPairwiseJaccard)} against the exposure-matched null's ${num(c.null.meanPairwiseJaccard)}; ` +
            `grounding ${num(g.observed)} against ${num(g.null)} (context).` +
            (m.componentsUnavailable !== null ? ` Components unavailable: ${m.componentsUnavailable}.` : ""),
        },
        agentEffectChart("Agreement with the other answers minus the exposure-matched null's, per agent", c.perAgent, delta),
      ],
    };
  },
});
