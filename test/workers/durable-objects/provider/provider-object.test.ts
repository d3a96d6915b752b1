import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ledgerPacer } from "../../../../durable-objects/provider/provider-pacer.js";

const ledger = (name: string) => env.PROVIDER.get(env.PROVIDER.idFromName(`provider-test:${name}`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a provider's object: its limits across every caller of an experiment", () => {
  it("never lets more than maxConcurrency requests run, however many callers ask, and hands each freed lease on", async () => {
    const stub = ledger("concurrency");
    const limits = { maxConcurrency: 4, requestsPerMinute: null, tokensPerMinute: null };
    // Six callers (agents of six coordinators), each with its own pacer on the one ledger.
    const pacers = Array.from({ length: 6 }, () => ledgerPacer(stub, limits, 60_000));
    let running = 0;
    let most = 0;
    const request = async (): Promise<number> => {
      running++;
      most = Math.max(most, running);
      await sleep(5);
      running--;
      return 1;
    };
    const requests = pacers.flatMap((pacer) => Array.from({ length: 10 }, () => pacer.run(request, () => ({ requests: 1, tokens: 7 }))));
    expect(await Promise.all(requests)).toHaveLength(60);
    expect(most).toBe(4);
    expect(await stub.snapshot()).toMatchObject({ inFlight: 0, waiting: 0, requests: 60, tokens: 60 * 7 });
  });

  it("gives a failed request's lease back as one request and no tokens", async () => {
    const stub = ledger("failure");
    const pacer = ledgerPacer(stub, { maxConcurrency: 1, requestsPerMinute: null, tokensPerMinute: null }, 60_000);
    await expect(
      pacer.run(
        () => Promise.reject(new Error("refused")),
        () => ({ requests: 5, tokens: 5 }),
      ),
    ).rejects.toThrow("refused");
    expect(await stub.snapshot()).toMatchObject({ inFlight: 0, requests: 1, tokens: 0 });
  });

  it("spaces requests by requests per minute across callers", async () => {
    const stub = ledger("rpm");
    const limits = { maxConcurrency: 8, requestsPerMinute: 5, tokensPerMinute: null };
    const pacers = [ledgerPacer(stub, limits, 60_000), ledgerPacer(stub, limits, 60_000)];
    const started: number[] = [];
    for (const pacer of pacers)
      for (let i = 0; i < 4; i++)
        void pacer.run(
          async () => started.push(Date.now()),
          () => ({ requests: 1, tokens: 0 }),
        );
    await sleep(200);
    // Eight requests asked at once: five start, three wait for the minute to roll.
    expect(started).toHaveLength(5);
    expect(await stub.snapshot()).toMatchObject({ inFlight: 0, waiting: 3, requests: 5 });
  });
});
