import type { AnalysisLog, LogProbeAnswer } from "../../log/analysis-log.js";
import type { MemoryProbesResult } from "../../../core/contracts/report-collective-metrics.js";

/**
 * Response rates of docs/metrics.md section 10, as the paper reports its public probes (45 probe
 * posts, 15 answered, 1 validly): private - targets that answered over targets asked; public -
 * probe posts with at least one reply over probe posts, and replies naming something that exists.
 * Needs no exposures, so an imported log with probe posts and replies gets them too.
 */
export function responseRates(
  log: AnalysisLog,
  answers: readonly { readonly answer: LogProbeAnswer; readonly valid: number }[],
): MemoryProbesResult["responseRate"] {
  const answeredBy = new Map<string, Set<string>>();
  const replies = new Map<string, number>();
  const validReplies = new Map<string, number>();
  for (const { answer, valid } of answers) {
    const set = answeredBy.get(answer.probe) ?? new Set<string>();
    set.add(answer.agent);
    answeredBy.set(answer.probe, set);
    replies.set(answer.probe, (replies.get(answer.probe) ?? 0) + 1);
    if (valid > 0) validReplies.set(answer.probe, (validReplies.get(answer.probe) ?? 0) + 1);
  }
  let asked = 0;
  let answeredPrivate = 0;
  let privateProbes = 0;
  let publicProbes = 0;
  let publicAnswered = 0;
  let publicReplies = 0;
  let publicValid = 0;
  for (const probe of log.probes) {
    const answered = answeredBy.get(probe.id) ?? new Set<string>();
    if (probe.mode === "private") {
      privateProbes++;
      asked += probe.targets.length;
      answeredPrivate += probe.targets.filter((t) => answered.has(t)).length;
    } else {
      publicProbes++;
      if (answered.size > 0) publicAnswered++;
      publicReplies += replies.get(probe.id) ?? 0;
      publicValid += validReplies.get(probe.id) ?? 0;
    }
  }
  return {
    private: { probes: privateProbes, asked, answered: answeredPrivate, rate: asked > 0 ? answeredPrivate / asked : null },
    public: {
      probes: publicProbes,
      answered: publicAnswered,
      replies: publicReplies,
      rate: publicProbes > 0 ? publicAnswered / publicProbes : null,
      validReplies: publicValid,
      validShare: publicReplies > 0 ? publicValid / publicReplies : null,
    },
  };
}
