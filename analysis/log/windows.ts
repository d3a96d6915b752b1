import type { AnalysisLog } from "./analysis-log.js";

export interface Window {
  readonly index: number;
  /** First round of the window. */
  readonly fromRound: number;
  /** Last round of the window (inclusive). */
  readonly toRound: number;
}

/** Default window: 24 simulated hours (docs/metrics.md "Windows"). */
export const defaultWindowHours = 24;
/** Below this many default windows, runs use shorter windows so metrics still have several. */
export const minDefaultWindows = 7;

/**
 * The windows of docs/metrics.md: 24 simulated hours; a run shorter than 7 of those uses windows of
 * max(6 rounds, rounds / 8); imports use UTC days (round 0 is the first timestamp's hour).
 */
export function windowsOf(log: Pick<AnalysisLog, "rounds" | "roundHours" | "startTime" | "imported">): Window[] {
  const roundsPerDay = Math.max(1, Math.round(defaultWindowHours / log.roundHours));
  let size = roundsPerDay;
  let offset = 0;
  if (log.imported) {
    const start = new Date(log.startTime);
    const hourOfDay = start.getUTCHours() + start.getUTCMinutes() / 60;
    offset = Math.round(hourOfDay / log.roundHours) % roundsPerDay;
  } else if (log.rounds < minDefaultWindows * roundsPerDay) {
    size = Math.max(6, Math.floor(log.rounds / 8));
  }
  const windows: Window[] = [];
  let from = 0;
  let end = offset > 0 ? size - offset : size;
  while (from < log.rounds) {
    const to = Math.min(log.rounds, end) - 1;
    windows.push({ index: windows.length, fromRound: from, toRound: to });
    from = to + 1;
    end = from + size;
  }
  return windows;
}

/** Index of the window holding `round`. */
export function windowOfRound(windows: readonly Window[], round: number): number {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((windows[mid]?.fromRound ?? 0) <= round) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
