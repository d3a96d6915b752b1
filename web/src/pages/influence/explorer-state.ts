import type { ColourMode } from "./palette.js";

/**
 * What the explorer's controls have chosen, and every way it changes: a plain value and pure
 * transitions, so the rules (scrubbing or the cumulative view stops playback, playback needs two
 * windows) hold whatever the DOM does. The zoom is not here: it belongs to the canvas.
 */
export interface ExplorerState {
  /** Position in graph.json's windows (not the window's own index). */
  readonly window: number;
  /** Every window summed instead of one. */
  readonly cumulative: boolean;
  readonly colourMode: ColourMode;
  readonly playing: boolean;
}

export function clampIndex(value: number, length: number): number {
  return Number.isFinite(value) ? Math.min(length - 1, Math.max(0, Math.trunc(value))) : 0;
}

/** `windowParam` comes from `?window=i`, so a window can be linked to. */
export function initialState(windowParam: string | undefined, windowCount: number): ExplorerState {
  return {
    window: clampIndex(Number.parseInt(windowParam ?? "0", 10), windowCount),
    cumulative: false,
    colourMode: "community",
    playing: false,
  };
}

/** Playback steps through single windows, so it needs two of them and is off in the cumulative view. */
export function canPlay(state: ExplorerState, windowCount: number): boolean {
  return !state.cumulative && windowCount >= 2;
}

/** The user moved the scrubber: that window, and playback stops. */
export function scrubTo(state: ExplorerState, value: number, windowCount: number): ExplorerState {
  return { ...state, window: clampIndex(value, windowCount), playing: false };
}

export function setCumulative(state: ExplorerState, cumulative: boolean): ExplorerState {
  return { ...state, cumulative, playing: cumulative ? false : state.playing };
}

export function setColourMode(state: ExplorerState, colourMode: ColourMode): ExplorerState {
  return { ...state, colourMode };
}

/** The play button: pauses when playing, starts when playback is possible, else nothing. */
export function togglePlay(state: ExplorerState, windowCount: number): ExplorerState {
  if (state.playing) return { ...state, playing: false };
  return canPlay(state, windowCount) ? { ...state, playing: true } : state;
}

/** One playback step: the next window, wrapping to the first. */
export function playStep(state: ExplorerState, windowCount: number): ExplorerState {
  return { ...state, window: (state.window + 1) % windowCount };
}
