import { risingAgeOffsetHours, risingGravity } from "../tunables.js";

/**
 * Rising (docs/platform-api.md: "favours recent velocity"): score per age with Hacker News' gravity,
 * so a young post with a few votes outranks an old one with many. Age is simulated hours.
 */
export function risingScore(score: number, ageHours: number): number {
  return Number((score / Math.pow(Math.max(0, ageHours) + risingAgeOffsetHours, risingGravity)).toFixed(9));
}
