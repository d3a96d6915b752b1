import { describe, expect, it } from "vitest";
import { collectResults } from "../../../../cli/calibration/calibration-results.js";
import type { CalibrationOutcome } from "../../../../cli/calibration/calibration-results.js";
import { renderCalibration } from "../../../../cli/calibration/render-calibration.js";
import type { CalibrationProvenance } from "../../../../cli/calibration/render-calibration.js";
import { planCalibration } from "../../../../cli/calibration/run-plan.js";
import type { CalibrationPlanOptions, CalibrationRun } from "../../../../cli/calibration/run-plan.js";
import { verdictLabels } from "../../../../cli/calibration/seed-summary.js";

const options: CalibrationPlanOptions = {
  sizes: [30],
  rounds: 48,
  nullSeeds: 2,
  controlSeeds: 1,
  doseAgents: 30,
  strengths: [0, 1],
  doseReplicates: 1,
};

type Cell = readonly [verdict: string, effect: number | null];

/** Hand-made verdicts of influence and sharedReferences per run label. */
const verdicts: Record<string, { influence: Cell; sharedReferences: Cell }> = {
  "knobs-off-30-s1001": { influence: ["emerged", 0.1], sharedReferences: ["absent", 0] },
  "knobs-off-30-s1002": { influence: ["absent", 0.3], sharedReferences: ["absent", 0.02] },
  "author-appeal-30-s1001": { influence: ["emerged", 0.5], sharedReferences: ["absent", 0] },
  "position-bias-30-s1001": { influence: ["absent", 0.01], sharedReferences: ["absent", 0] },
  "appeal-and-position-30-s1001": { influence: ["absent", 0], sharedReferences: ["inconclusive", null] },
  "memory-off-30-s1001": { influence: ["emerged", 0.4], sharedReferences: ["absent", 0.001] },
  "private-recall-30-s1001": { influence: ["absent", 0], sharedReferences: ["emerged", 0.02] },
  "socialized-30-s1001": { influence: ["emerged", 0.6], sharedReferences: ["emerged", 0.2] },
  "dose-feedbackLearning-1-30-s1001": { influence: ["absent", 0], sharedReferences: ["absent", 0] },
  "dose-partnerImitation-1-30-s1001": { influence: ["absent", 0], sharedReferences: ["absent", 0] },
  "dose-memoryReferences-1-30-s1001": { influence: ["absent", 0], sharedReferences: ["emerged", 0.15] },
  "dose-preferentialAttention-1-30-s1001": { influence: ["emerged", 0.7], sharedReferences: ["absent", 0] },
};

function outcome(run: CalibrationRun): CalibrationOutcome {
  const v = verdicts[run.label];
  if (!v) throw new Error(`no verdicts for ${run.label}`);
  return {
    run,
    report: {
      embedder: "hashing-1-2gram-tfidf-512",
      verdicts: [
        { metric: "influence", verdict: v.influence[0], effect: v.influence[1] },
        { metric: "sharedReferences", verdict: v.sharedReferences[0], effect: v.sharedReferences[1] },
      ],
    },
  };
}

const provenance: CalibrationProvenance = {
  commit: "abc1234",
  machine: "test machine",
  command: "npx murmur calibrate --sizes 30",
  date: "2026-12-03 22:00 UTC",
  seconds: 7200,
  runSeconds: 12600,
  parallel: 2,
  evaluationSeeds: [1001, 1002],
  analysisSeed: 1,
  embedderRequested: "hashing-1-2gram-tfidf-512",
  deltasEmbedderFallback: "hashing-1-2gram-tfidf-512",
};

/** A row's verdict-count cells for hand-given counts, in the contract's label order. */
const counts = (given: Record<string, number>): string => verdictLabels.map((l) => String(given[l] ?? 0)).join(" | ");

describe("collectResults and renderCalibration", () => {
  const runs = planCalibration(options);
  const results = collectResults(runs.map(outcome), options);
  const markdown = renderCalibration(results, options, provenance);
  const lines = markdown.split("\n");

  it("has one run per hand-made label", () => {
    expect(runs.map((r) => r.label).sort()).toEqual(Object.keys(verdicts).sort());
  });

  it("gives the false-positive rate with its Clopper-Pearson interval and the mean effect with its t interval", () => {
    // influence: 1 emerged of 2 -> 50 %, CP [1 - sqrt(.975), sqrt(.975)] = [1.3 %, 98.7 %];
    // effects 0.1, 0.3: mean 0.2, sd 0.1414, t(0.975, 1) = 12.706 -> 0.2 +- 1.2706 = [-1.07, 1.47].
    expect(lines).toContain(
      `| influence | 30 | 2 | ${counts({ emerged: 1, absent: 1 })} | 50.0 % [1.3, 98.7] | 0.2 [-1.07, 1.47] | **above 5.0 %** |`,
    );
    // sharedReferences: 0 of 2 -> CP upper 1 - 0.025^(1/2) = 84.2 %; effects 0, 0.02 -> 0.01 +- 0.127.
    // Two clean runs do not show a rate <= 5 %: "ok" needs the upper bound under it.
    expect(lines).toContain(
      `| sharedReferences | 30 | 2 | ${counts({ absent: 2 })} | 0.0 % [0.0, 84.2] | 0.01 [-0.117, 0.137] | consistent, not shown (rate <= 84.2 %) |`,
    );
  });

  it("flags a negative control that emerges on a diagnostic it must not, and only there", () => {
    const appeal = lines.indexOf("### author-appeal");
    const memory = lines.indexOf("### memory-off");
    expect(appeal).toBeGreaterThan(0);
    expect(lines.slice(appeal, memory)).toContain(
      `| influence | 30 | 1 | ${counts({ emerged: 1 })} | 100.0 % [2.5, 100.0] | 0.5 | **1 emerged (must not)** |`,
    );
    // memory-off keeps the social knobs: influence may emerge there, shared memory may not.
    const positive = lines.indexOf("## Positive control: socialized");
    const memoryRows = lines.slice(memory, positive);
    expect(memoryRows).toContain(`| influence | 30 | 1 | ${counts({ emerged: 1 })} | 100.0 % [2.5, 100.0] | 0.4 | - |`);
    expect(memoryRows).toContain(
      `| sharedReferences | 30 | 1 | ${counts({ absent: 1 })} | 0.0 % [0.0, 97.5] | 0.001 | none emerged (rate <= 97.5 %) |`,
    );
  });

  it("reports the private-recall control's shared memory without checking it", () => {
    const recall = lines.indexOf("### private-recall");
    const positive = lines.indexOf("## Positive control: socialized");
    expect(recall).toBeGreaterThan(0);
    const rows = lines.slice(recall, positive);
    expect(rows).toContain(`| sharedReferences | 30 | 1 | ${counts({ emerged: 1 })} | 100.0 % [2.5, 100.0] | 0.02 | - |`);
    expect(rows).toContain(`| influence | 30 | 1 | ${counts({ absent: 1 })} | 0.0 % [0.0, 97.5] | 0 | none emerged (rate <= 97.5 %) |`);
  });

  it("reads dose strength 0 from the knobs-off run of the same seed", () => {
    expect(lines).toContain(`| preferentialAttention | influence | 0 | 30 | 1001 | 0.1 | ${counts({ emerged: 1 })} |`);
    expect(lines).toContain(`| preferentialAttention | influence | 1 | 30 | 1001 | 0.7 | ${counts({ emerged: 1 })} |`);
    expect(lines).toContain(`| memoryReferences | sharedReferences | 1 | 30 | 1001 | 0.15 | ${counts({ emerged: 1 })} |`);
    // A knob is the positive control of more than one diagnostic: each gets its own rows (strengths 0 and 1).
    expect(lines.filter((l) => l.startsWith("| partnerImitation | individualDrift | "))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("| memoryReferences | memoryProbes | "))).toHaveLength(2);
  });

  it("states the commit, machine, command, date, both seed sets and both embedders", () => {
    expect(markdown).toContain("Recorded 2026-12-03 22:00 UTC at commit abc1234 on test machine, in 2.00 h at parallel 2");
    expect(markdown).toContain("(the runs themselves: 3.50 h summed over runs and sessions)");
    expect(lines).toContain("npx murmur calibrate --sizes 30");
    expect(markdown).toMatch(/- Tuning seeds 1-5: .+\n- Tuning seeds 101-110: .+\n- Evaluation seeds \(this calibration\): 1001-1002\./);
    expect(markdown).toContain("- The deltas belong to: hashing-1-2gram-tfidf-512 (the reports do not name it");
    expect(markdown).toContain("- This calibration analysed with: hashing-1-2gram-tfidf-512.");
    expect(markdown).not.toContain("is not the deltas' embedder");
  });

  it("warns when the calibration's embedder is not the deltas' embedder", () => {
    const remote = collectResults(
      runs.map((run) => {
        const o = outcome(run);
        return { ...o, report: { ...o.report, embedder: "openai-compatible:text-embedding-3-small" } };
      }),
      options,
    );
    expect(renderCalibration(remote, options, provenance)).toContain("is not the deltas' embedder");
  });
});
