// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them: `wrangler secret put
// ADMIN_TOKEN` when deployed; the CLI passes a generated one locally.
declare namespace Cloudflare {
  interface Env {
    ADMIN_TOKEN?: string;
  }
}
