import { RandomStream } from "../../../core/random/stream.js";
import type { Interaction } from "../../graph/interactions.js";
import { shuffle } from "../../stats/shuffle.js";
import type { WindowData } from "./window-data.js";

/** Context null: targets permuted among the window's edges (in- and out-degrees kept). */
export function degreeRewired(slot: WindowData, seed: number, replicate: number): Interaction[] {
  const random = new RandomStream(seed, "influence", slot.window.index, `influence-degree-null-${replicate}`);
  const sources = slot.edges.map((e) => e.source);
  const targets = slot.edges.map((e) => e.target);
  shuffle(targets, random);
  for (let i = 0; i < targets.length; i++) {
    // Swap a self-loop away when a partner swap keeps both edges loop-free; give up after a few tries.
    for (let attempt = 0; attempt < 20 && sources[i] === targets[i]; attempt++) {
      const j = random.int(targets.length);
      const ti = targets[i] ?? "";
      const tj = targets[j] ?? "";
      if (sources[j] !== ti && sources[i] !== tj) {
        targets[i] = tj;
        targets[j] = ti;
      }
    }
  }
  return sources.map((source, i) => ({
    source,
    target: targets[i] ?? source,
    round: slot.window.fromRound,
    on: slot.edges[i]?.on ?? "post",
  }));
}

/** Context null: every comment's window label permuted across the run (window sizes kept). */
export function timeShuffled(data: readonly WindowData[], seed: number, replicate: number): Interaction[][] {
  const random = new RandomStream(seed, "influence", 0, `influence-time-null-${replicate}`);
  const all = data.flatMap((slot) => slot.edges);
  const labels = data.flatMap((slot, w) => slot.edges.map(() => w));
  shuffle(labels, random);
  const out: Interaction[][] = data.map(() => []);
  all.forEach((edge, i) => out[labels[i] ?? 0]?.push(edge));
  return out;
}
