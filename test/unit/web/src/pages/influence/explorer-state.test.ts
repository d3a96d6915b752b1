import { describe, expect, it } from "vitest";
import {
  canPlay,
  clampIndex,
  initialState,
  playStep,
  scrubTo,
  setColourMode,
  setCumulative,
  togglePlay,
} from "../../../../../../web/src/pages/influence/explorer-state.js";

const windowCount = 4;
const start = initialState(undefined, windowCount);

describe("initialState", () => {
  it("opens the first window, or the linked one, clamped", () => {
    expect(start).toEqual({ window: 0, cumulative: false, colourMode: "community", playing: false });
    expect(initialState("2", windowCount).window).toBe(2);
    expect(initialState("9", windowCount).window).toBe(3);
    expect(initialState("-1", windowCount).window).toBe(0);
    expect(initialState("x", windowCount).window).toBe(0);
  });

  it("clampIndex truncates and keeps an index inside the list", () => {
    expect(clampIndex(2.7, 4)).toBe(2);
    expect(clampIndex(Number.NaN, 4)).toBe(0);
    expect(clampIndex(Infinity, 4)).toBe(0);
  });
});

describe("playback", () => {
  it("starts, steps round to the first window, and pauses", () => {
    const playing = togglePlay(scrubTo(start, 2, windowCount), windowCount);
    expect(playing.playing).toBe(true);
    const third = playStep(playing, windowCount);
    expect(third.window).toBe(3);
    expect(playStep(third, windowCount).window).toBe(0);
    expect(togglePlay(third, windowCount).playing).toBe(false);
  });

  it("needs two windows and is off in the cumulative view", () => {
    expect(canPlay(start, 1)).toBe(false);
    expect(togglePlay(start, 1)).toBe(start);
    const cumulative = setCumulative(start, true);
    expect(canPlay(cumulative, windowCount)).toBe(false);
    expect(togglePlay(cumulative, windowCount).playing).toBe(false);
  });

  it("stops when the user scrubs or turns on the cumulative view, not when the colours change", () => {
    const playing = togglePlay(start, windowCount);
    expect(scrubTo(playing, 3, windowCount)).toEqual({ ...playing, window: 3, playing: false });
    expect(setCumulative(playing, true)).toEqual({ ...playing, cumulative: true, playing: false });
    expect(setColourMode(playing, "group")).toEqual({ ...playing, colourMode: "group" });
    // Turning the cumulative view off again resumes nothing.
    expect(setCumulative(setCumulative(playing, true), false).playing).toBe(false);
  });
});
