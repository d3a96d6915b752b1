import { cachedChatSchema } from "../../core/llm/response-cache.js";
import type { ResponseCache } from "../../core/llm/response-cache.js";

/** The cache in R2 (the experiment's bucket), under one prefix shared by all experiments. */
export function r2ResponseCache(bucket: R2Bucket): ResponseCache {
  const keyOf = (key: string): string => `llm-cache/${key}.json`;
  return {
    async get(key) {
      const object = await bucket.get(keyOf(key));
      if (!object) return null;
      const parsed = cachedChatSchema.safeParse(await object.json());
      return parsed.success ? parsed.data : null;
    },
    async put(key, value) {
      await bucket.put(keyOf(key), JSON.stringify(value));
    },
  };
}
