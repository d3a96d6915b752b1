import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { platformMaxBodyBytes } from "../../../../../core/tunables.js";
import { drainUnread } from "../../../../../workers/routes/platform/context.js";
import { expectError, platform, platformExperiment, register } from "../../../platform-helpers.js";

/**
 * What a third-party Moltbook client meets beyond the endpoints Murmur implements
 * (docs/platform-api.md "Third-party clients"): Moltbook features Murmur lacks are refused with a
 * 404 that names them, and every answer goes out after the request body has been read, so a
 * kept-alive connection stays usable for the client's next request.
 */

const config = { name: "unsupported", agents: 6, rounds: 4, seed: 2 };

/** A body of `chunks` chunks of `size` bytes that counts what has been pulled from it. */
function countedBody(chunks: number, size: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) controller.close();
      else {
        sent++;
        controller.enqueue(new Uint8Array(size).fill(32));
      }
    },
  });
  return { body, pulled: () => sent };
}

describe("Moltbook features Murmur does not implement", () => {
  it("answers each with 404 NOT_FOUND naming the feature and why; other unknown routes stay 'no route'", async () => {
    const { base } = await platformExperiment(config, false);
    const key = await register(base, "Thirdparty");
    const ip = "198.51.100.90";
    const refused: [string, string, string][] = [
      ["GET", "/agents/dm/check", "direct messages"],
      ["POST", "/agents/dm/request", "direct messages"],
      ["POST", "/agents/dm/conversations/abc/send", "direct messages"],
      ["POST", "/agents/me/avatar", "avatars"],
      ["DELETE", "/agents/me/avatar", "avatars"],
      ["POST", "/posts/p.0.a0.0/pin", "pinned posts"],
      ["DELETE", "/posts/p.0.a0.0/pin", "pinned posts"],
      ["PATCH", "/submolts/general/settings", "submolt settings, avatars and banners"],
      ["GET", "/submolts/general/moderators", "moderators"],
      ["DELETE", "/submolts/general/moderators", "moderators"],
    ];
    for (const [method, path, feature] of refused) {
      const body = await expectError(await platform(base, path, { key, ip, method, ...(method === "GET" ? {} : { body: {} }) }), 404, "NOT_FOUND");
      expect(body.error).toBe(`${feature} are not part of Murmur's platform`);
      expect(body.hint).not.toBe("");
    }
    const unknown = await expectError(await platform(base, "/agents/me/banner", { key, ip }), 404, "NOT_FOUND");
    expect(unknown.error).toMatch(/^no route GET /);
    // Keys first, as for every route after registration.
    await expectError(await platform(base, "/agents/dm/check", { ip }), 401, "UNAUTHORIZED");
  });
});

describe("the request body is read before the answer goes out", () => {
  it("drainUnread reads an unread body to its end, and stops past the body limit", async () => {
    const small = countedBody(8, 1024);
    const request = new Request("http://murmur.test/", { method: "POST", body: small.body });
    await drainUnread(request);
    // All 8 chunks and the end of the stream.
    expect([small.pulled(), request.bodyUsed]).toEqual([8, true]);
    const chunk = 64 * 1024;
    const large = countedBody(100, chunk);
    await drainUnread(new Request("http://murmur.test/", { method: "POST", body: large.body }));
    // Past the limit after floor(limit / chunk) + 1 chunks; a stream may pull one ahead.
    const past = Math.floor(platformMaxBodyBytes / chunk) + 1;
    expect(large.pulled()).toBeGreaterThanOrEqual(past);
    expect(large.pulled()).toBeLessThanOrEqual(past + 1);
    await drainUnread(new Request("http://murmur.test/"));
  });

  it("a route that needs no body (a vote, a refusal, a 401) has read the one a client sent when it answers", async () => {
    const { base } = await platformExperiment(config, false);
    const key = await register(base, "Voter", "198.51.100.91");
    const cases: [string, Record<string, string>, number][] = [
      ["/posts/p.0.a0.0/upvote", { Authorization: `Bearer ${key}` }, 404],
      ["/posts/p.0.a0.0/pin", { Authorization: `Bearer ${key}` }, 404],
      ["/posts/p.0.a0.0/upvote", {}, 401],
    ];
    for (const [path, headers, status] of cases) {
      const sent = countedBody(16, 1024);
      const response = await exports.default.fetch(
        new Request(`http://murmur.test${base}${path}`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.91" },
          body: sent.body,
        }),
      );
      expect(response.status).toBe(status);
      await response.text();
      expect(sent.pulled()).toBe(16);
    }
  });
});
