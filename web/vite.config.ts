import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The pages: one entry (index.html), built into web/dist, which the Worker serves as static assets. */
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  publicDir: "public",
  logLevel: "warn",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1500 },
});
