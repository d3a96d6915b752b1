import { createMiddleware } from "hono/factory";
import { ApiError } from "./errors.js";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Constant-time comparison of the presented token with ADMIN_TOKEN (compared as digests). */
async function tokensMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Default deny: experiment control needs `Authorization: Bearer <ADMIN_TOKEN>`. */
export const requireAdmin = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (typeof expected !== "string" || expected.length < 16) {
    throw new ApiError(
      "NOT_CONFIGURED",
      "the admin token is not configured",
      "Set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN), or run `murmur serve`, which generates one.",
    );
  }
  const header = c.req.header("Authorization") ?? "";
  const presented = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  if (presented === "" || !(await tokensMatch(presented, expected))) {
    throw new ApiError(
      "UNAUTHORIZED",
      "missing or wrong admin token",
      "Send Authorization: Bearer <admin token> (printed by `murmur serve`).",
    );
  }
  await next();
});
