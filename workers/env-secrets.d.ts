// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them: `wrangler secret put
// ADMIN_TOKEN` when deployed; the CLI passes a generated one locally.
declare namespace Cloudflare {
  interface Env {
    ADMIN_TOKEN?: string;
  }
}

// The library of runs (docs/run-library.md): bound only by the local server (cli/library/), never in
// wrangler.jsonc, so a deployed Worker has neither and lists no run directories.
declare namespace Cloudflare {
  interface Env {
    LIBRARY?: Fetcher;
    LIBRARY_KEY?: string;
  }
}
