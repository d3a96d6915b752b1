/**
 * Temporary: what crosses the ExperimentObject's `platform` RPC is a contract now
 * (core/contracts/platform-rpc.ts); experiment-object.ts imports `PlatformAnswer` from here until
 * it imports it from there.
 */
export type { PlatformAnswer } from "../../core/contracts/platform-rpc.js";
