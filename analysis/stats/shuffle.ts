import type { RandomStream } from "../../core/random/stream.js";

/** Fisher-Yates in place, driven by a seeded stream. */
export function shuffle<T>(items: T[], random: RandomStream): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = items[i];
    const b = items[j];
    if (a !== undefined && b !== undefined) {
      items[i] = b;
      items[j] = a;
    }
  }
}
