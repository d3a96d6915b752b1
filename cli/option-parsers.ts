/** Commander option parsers shared by the commands: a bad value is a usage error (exit 2). */
import { existsSync, statSync } from "node:fs";
import { InvalidArgumentError } from "commander";

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}

/** Collects `--runs` (repeatable); a directory that does not exist is a usage error, not an empty library. */
export function collectRunsDir(value: string, previous: string[]): string[] {
  if (!existsSync(value) || !statSync(value).isDirectory()) throw new InvalidArgumentError(`${value} is not a directory`);
  return [...previous, value];
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number >= 0");
  return n;
}

export function positiveNumber(value: string): number {
  const n = nonNegativeNumber(value);
  if (n === 0) throw new InvalidArgumentError("expected a number > 0");
  return n;
}

export function numberList(value: string, what: string, valid: (n: number) => boolean): number[] {
  const list = value.split(",").map((part) => Number(part.trim()));
  if (list.length === 0 || list.some((n) => !valid(n))) throw new InvalidArgumentError(`expected ${what}, comma-separated`);
  return list;
}
