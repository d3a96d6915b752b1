import { RandomStream } from "../../core/random/stream.js";
import type { Window } from "../log/windows.js";
import { windowOfRound } from "../log/windows.js";

/** Window index of every round 0 .. rounds - 1, so per-item lookups are O(1). */
export function windowByRound(windows: readonly Window[], rounds: number): Int32Array {
  const out = new Int32Array(Math.max(0, rounds));
  for (let round = 0; round < rounds; round++) out[round] = windowOfRound(windows, round);
  return out;
}

/**
 * The similarity baselines' null: the same items re-assigned to windows at random, each window
 * keeping its size (a seeded Fisher-Yates permutation of the labels). Whatever a statistic shows
 * beyond this comes from when things were written, not from the embedder's lexical overlap
 * between any two texts of the run.
 */
export function shuffledLabels(labels: Int32Array, seed: number, purpose: string): Int32Array {
  const out = labels.slice();
  const random = new RandomStream(seed, "analysis", 0, purpose);
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = a;
  }
  return out;
}
