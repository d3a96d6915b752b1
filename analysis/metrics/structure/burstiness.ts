import { median } from "simple-statistics";
import type { AnalysisLog } from "../../log/analysis-log.js";

/** Posts and comments an agent needs for its intervals to say anything (four intervals). */
const minEvents = 5;

/**
 * Burstiness B = (sd - mean) / (sd + mean) of an agent's times between posts and comments (Goh &
 * Barabasi): -1 perfectly regular, 0 a Poisson process, towards 1 bursts and long silences. Times
 * are in rounds (several actions in one round are 0 apart). The median over agents with at least
 * five posts and comments; null without such agents.
 */
export function medianBurstiness(log: AnalysisLog): number | null {
  const rounds = new Map<string, number[]>();
  for (const item of [...log.posts, ...log.comments]) {
    const list = rounds.get(item.author);
    if (list) list.push(item.round);
    else rounds.set(item.author, [item.round]);
  }
  const values: number[] = [];
  for (const list of rounds.values()) {
    if (list.length < minEvents) continue;
    list.sort((a, b) => a - b);
    const gaps = list.slice(1).map((r, i) => r - (list[i] ?? r));
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    if (sd + mean > 0) values.push((sd - mean) / (sd + mean));
  }
  return values.length > 0 ? median(values) : null;
}
