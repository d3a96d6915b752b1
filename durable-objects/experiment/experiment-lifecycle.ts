import type { ExperimentStatus } from "../../core/contracts/experiment-status.js";

/**
 * The experiment's lifecycle as one table: which event moves which status where. Everything that
 * changes an experiment's status goes through `nextStatus`, so a move the table does not list is
 * refused in one place with one message.
 *
 * `create` is the one event from no status at all (`noStatus`: the object holds no experiment
 * yet). Operator events: start, pause, resume, stop. Round-loop events: `fail` (a poison pill, or a step
 * whose retries are used up), `finish` (the last round closed), `halt` (a model provider refused
 * for a reason retries cannot fix), `budgetCap` (the next round would cross llm.budgetUsd).
 */
export const lifecycleEvents = ["create", "start", "pause", "resume", "stop", "fail", "finish", "halt", "budgetCap"] as const;
export type LifecycleEvent = (typeof lifecycleEvents)[number];

/** The state of an object that holds no experiment yet: never stored, never shown. */
export const noStatus = "none";
export type LifecycleState = ExperimentStatus | typeof noStatus;

const transitions: Readonly<Record<LifecycleState, Partial<Readonly<Record<LifecycleEvent, ExperimentStatus>>>>> = {
  none: { create: "created" },
  created: { start: "running", stop: "stopped" },
  // `resume` of a running experiment re-arms a loop whose alarm a killed process lost.
  running: {
    pause: "paused",
    resume: "running",
    stop: "stopped",
    fail: "failed",
    finish: "finished",
    halt: "paused",
    budgetCap: "paused",
  },
  // A step in flight when the operator paused still ends: it may fail, halt or finish the run.
  paused: { resume: "running", stop: "stopped", fail: "failed", finish: "finished", halt: "paused" },
  failed: { resume: "running", stop: "stopped" },
  finished: {},
  stopped: {},
};

/** A move the lifecycle table does not allow (the RPC answers it as a CONFLICT). */
export class LifecycleConflict extends Error {
  override readonly name = "LifecycleConflict";
  constructor(
    readonly from: LifecycleState,
    readonly event: LifecycleEvent,
  ) {
    super(from === noStatus ? `cannot ${event} an experiment that does not exist` : `cannot ${event} an experiment that is ${from}`);
  }
}

export function canApply(from: LifecycleState, event: LifecycleEvent): boolean {
  return transitions[from][event] !== undefined;
}

/** The status `event` moves `from` to; throws LifecycleConflict for a move the table lacks. */
export function nextStatus(from: LifecycleState, event: LifecycleEvent): ExperimentStatus {
  const to = transitions[from][event];
  if (to === undefined) throw new LifecycleConflict(from, event);
  return to;
}

/** Where an experiment's status is kept (experiment-meta.ts), as much as a move needs. */
export interface StatusStore {
  get(key: "status"): ExperimentStatus | undefined;
  set(key: "status", value: ExperimentStatus): void;
}

/**
 * Applies `event` to the stored status - no stored status is `noStatus` - and stores the new one
 * (throws LifecycleConflict if the table refuses the move, and then writes nothing).
 */
export function applyLifecycleEvent(store: StatusStore, event: LifecycleEvent): ExperimentStatus {
  const to = nextStatus(store.get("status") ?? noStatus, event);
  store.set("status", to);
  return to;
}
