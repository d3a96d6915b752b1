import { DurableObject } from "cloudflare:workers";
import { CoordinatorStore } from "./coordinator-store.js";
import { parseRunRoundInput } from "./coordinator-types.js";
import type { RoundHalt, RoundPartSummary, RunRoundInput } from "./coordinator-types.js";
import { ProviderGates } from "./provider-gate.js";
import { runRoundPart } from "./round-run.js";

/**
 * A coordinator drives a contiguous range of agents through each round (docs/design.md decision 4:
 * experiment -> coordinators -> agents); round-run.ts says how. This object holds what outlives a
 * round: its storage, its provider gates, and the rounds running now.
 */
export class CoordinatorObject extends DurableObject<Env> {
  private readonly store: CoordinatorStore;
  /** Per provider: calls in flight and the circuit, shared by this coordinator's rounds. */
  private readonly gates = new ProviderGates();
  /** Rounds being run now: a second delivery of the same round joins the first. */
  private readonly inFlight = new Map<number, Promise<RoundPartSummary | RoundHalt>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new CoordinatorStore(ctx.storage);
  }

  /** Runs (or joins, or returns the stored summary of) one round of this coordinator's agents. */
  runRound(input: RunRoundInput): Promise<RoundPartSummary | RoundHalt> {
    // Parsed even though typed: the type binds callers in this repository, the parse every caller.
    const parsed = parseRunRoundInput(input);
    const running = this.inFlight.get(parsed.round);
    if (running) return running;
    const run = runRoundPart({ env: this.env, store: this.store, gates: this.gates }, parsed).finally(() =>
      this.inFlight.delete(parsed.round),
    );
    this.inFlight.set(parsed.round, run);
    return run;
  }
}
