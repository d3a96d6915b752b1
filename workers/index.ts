import { app } from "./app.js";

export { AgentObject } from "../durable-objects/agent/agent-object.js";
export { BenchObject } from "../durable-objects/bench/bench-object.js";
export { ContentShard } from "../durable-objects/shard/content-shard.js";
export { CoordinatorObject } from "../durable-objects/coordinator/coordinator-object.js";
export { ExperimentObject } from "../durable-objects/experiment/experiment-object.js";
export { ProviderObject } from "../durable-objects/provider/provider-object.js";

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
