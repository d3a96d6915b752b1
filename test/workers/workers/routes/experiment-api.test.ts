import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { api, createExperiment } from "../../helpers.js";

const errorSchema = z.object({ success: z.literal(false), error: z.string(), code: z.string(), hint: z.string() });

async function experimentCount(): Promise<number> {
  const listing = await env.EVENTS.list({ prefix: "experiments/", delimiter: "/" });
  return listing.delimitedPrefixes.length;
}

describe("every answer's security headers", () => {
  it("forbids framing and sniffing on success, not-found and error answers alike", async () => {
    const answers = [
      await exports.default.fetch("http://murmur.test/api/health"),
      await exports.default.fetch("http://murmur.test/api/no-such-route"),
      await exports.default.fetch("http://murmur.test/api/experiments"),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 404, 401]);
    for (const answer of answers) {
      expect(answer.headers.get("X-Frame-Options")).toBe("DENY");
      expect(answer.headers.get("Content-Security-Policy")).toBe("frame-ancestors 'none'");
      expect(answer.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(answer.headers.get("Referrer-Policy")).toBe("no-referrer");
    }
  });
});

describe("experiment API", () => {
  it("refuses requests without the admin token", async () => {
    const response = await exports.default.fetch(new Request("http://murmur.test/api/experiments"));
    expect(response.status).toBe(401);
    expect(errorSchema.parse(await response.json()).code).toBe("UNAUTHORIZED");
    const wrong = await exports.default.fetch(
      new Request("http://murmur.test/api/experiments", { headers: { Authorization: "Bearer nope" } }),
    );
    expect(wrong.status).toBe(401);
  });

  it("answers bad input with a clear error and creates nothing", async () => {
    const before = await experimentCount();
    const malformed = await api("/api/experiments", { method: "POST", body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(errorSchema.parse(await malformed.json()).code).toBe("VALIDATION_ERROR");
    const invalid = await api("/api/experiments", { method: "POST", body: JSON.stringify({ config: { agents: -3, rounds: 2 } }) });
    expect(invalid.status).toBe(400);
    expect(errorSchema.parse(await invalid.json()).error).toContain("agents");
    expect(await experimentCount()).toBe(before);
  });

  it("refuses lifecycle moves that make no sense, and unknown experiments", async () => {
    const id = await createExperiment({ agents: 4, rounds: 1 });
    const pause = await api(`/api/experiments/${id}/pause`, { method: "POST" });
    expect(pause.status).toBe(409);
    expect(errorSchema.parse(await pause.json()).error).toContain("cannot pause");
    const missing = await api("/api/experiments/x000000000000");
    expect(missing.status).toBe(404);
    const garbage = await api("/api/experiments/../../etc");
    expect(garbage.status).toBe(404);
  });
});
