import type { MiddlewareHandler } from "hono";

/**
 * The headers every answer of the Worker carries, the same that web/public/_headers gives the pages
 * and static files: nothing of Murmur may be framed by another site (the pages hold the admin
 * token), content types are not sniffed, and no URL leaks in a Referer.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

export const withSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(securityHeaders)) c.header(name, value);
};
