import { median } from "simple-statistics";
import type { AnalysisLog } from "../../log/analysis-log.js";

/** Active rounds an agent needs for its intervals to say anything (four intervals). */
const minEvents = 5;

/**
 * Burstiness B = (sd - mean) / (sd + mean) of an agent's times between the rounds in which it
 * posted or commented (Goh & Barabasi): -1 perfectly regular, 0 a Poisson process, towards 1 bursts
 * and long silences. A round's actions are one session: a log orders them within the round but
 * does not time them, and counting them as 0 apart (43 % of gaps on the twin) made a Poisson-like
 * agent read bursty. The median over agents active in at least five rounds; null without such
 * agents.
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
    const rounds = [...new Set(list)].sort((a, b) => a - b);
    if (rounds.length < minEvents) continue;
    const gaps = rounds.slice(1).map((r, i) => r - (rounds[i] ?? r));
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    if (sd + mean > 0) values.push((sd - mean) / (sd + mean));
  }
  return values.length > 0 ? median(values) : null;
}
