/** Nothing leaves loopback: no metrics, no error reports, no cf fetch (docs/local-limits.md). */
export function quietEnvironment(): void {
  process.env["WRANGLER_SEND_METRICS"] = "false";
  process.env["WRANGLER_SEND_ERROR_REPORTS"] = "false";
  process.env["CLOUDFLARE_CF_FETCH_ENABLED"] = "false";
  process.env["WRANGLER_HIDE_BANNER"] = "true";
}
