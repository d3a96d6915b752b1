import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: "./workers/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: { bindings: { ADMIN_TOKEN: "test-admin-token-0123456789", LIVE_OBJECT_BUDGET: "" } },
    }),
  ],
  test: { include: ["test/workers/**/*.test.ts"], testTimeout: 60_000 },
});
