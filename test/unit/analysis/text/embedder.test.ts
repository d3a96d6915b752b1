import { describe, expect, it } from "vitest";
import { hash53 } from "../../../../core/random/hash.js";
import { RandomStream } from "../../../../core/random/stream.js";
import { buildContext } from "../../../../analysis/context.js";
import { logFromEvents } from "../../../../analysis/log/read-log.js";
import { HashingEmbedder, hashingDims } from "../../../../analysis/text/embedder.js";
import type { Embedder } from "../../../../analysis/text/embedder.js";
import { buildTokenCorpus } from "../../../../analysis/text/token-corpus.js";
import { wordTokens } from "../../../../analysis/text/tokens.js";
import { normalize } from "../../../../analysis/text/vector.js";
import type { Vector } from "../../../../analysis/text/vector.js";
import { LogFixture } from "../fixtures.js";

/**
 * The hashing embedder as first written (a feature string per occurrence, maps of strings): the
 * definition the interned implementation must reproduce bit for bit.
 */
class ReferenceEmbedder {
  private documentFrequency = new Map<string, number>();
  private documents = 0;

  fit(texts: readonly string[]): void {
    for (const text of texts) {
      this.documents++;
      for (const feature of new Set(features(text))) this.documentFrequency.set(feature, (this.documentFrequency.get(feature) ?? 0) + 1);
    }
  }

  embed(text: string): Float32Array {
    const counts = new Map<string, number>();
    for (const feature of features(text)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const vector = new Float64Array(hashingDims);
    for (const [feature, count] of counts) {
      const h = hash53(feature);
      const index = h % hashingDims;
      const sign = Math.floor(h / hashingDims) % 2 === 0 ? 1 : -1;
      const idf = Math.log((1 + this.documents) / (1 + (this.documentFrequency.get(feature) ?? 0))) + 1;
      vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(count)) * idf;
    }
    return Float32Array.from(normalize(vector));
  }
}

function features(text: string): string[] {
  const tokens = wordTokens(text);
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** Texts with repeats, shared pairs, case, ids and @names, empty texts: a few hundred words. */
function texts(count: number): string[] {
  const random = new RandomStream(7, "test", 0, "texts");
  const words = ["the", "The", "signal", "noise", "p.3.a01.0", "@a02", "it's", "x", "Émile", "ok.", "a-b", "42"];
  return Array.from({ length: count }, (_, i) =>
    i % 17 === 0
      ? ""
      : Array.from({ length: 1 + random.int(30) }, () => random.pick(words) + (random.chance(0.2) ? `${random.int(40)}` : "")).join(" "),
  );
}

function asArray(v: Vector | undefined): number[] {
  return Array.from(v ?? []);
}

describe("HashingEmbedder", () => {
  const corpus = texts(300);
  const reference = new ReferenceEmbedder();
  reference.fit(corpus);

  it("embeds exactly as the string-feature definition", () => {
    const embedder = new HashingEmbedder();
    embedder.fit(corpus);
    const got = embedder.embed(corpus);
    corpus.forEach((text, i) => expect(asArray(got[i])).toEqual(asArray(reference.embed(text))));
    // Texts not seen by fit (unknown features have document frequency 0).
    expect(asArray(embedder.embed(["brand new words signal"])[0])).toEqual(asArray(reference.embed("brand new words signal")));
  });

  it("embeds the shared token corpus exactly as its texts", () => {
    const fixture = new LogFixture().agent("a");
    corpus.forEach((text, i) => {
      if (i % 3 === 0) fixture.post(i % 10, "a", `p${i}`, text);
      else fixture.comment(i % 10, "a", `c${i}`, "p0", null, text);
    });
    const log = logFromEvents(fixture.events);
    const tokens = buildTokenCorpus(log);
    const order = Int32Array.from({ length: tokens.items }, (_, i) => tokens.items - 1 - i);
    const byItem = new Map<number, number[]>();
    new HashingEmbedder().embedCorpus(tokens, order, (vector, item) => byItem.set(item, Array.from(vector)));
    const texts = [...log.posts, ...log.comments].map((item) => item.text);
    const fitted = new ReferenceEmbedder();
    fitted.fit(texts);
    for (let item = 0; item < tokens.items; item++)
      expect(byItem.get(item)).toEqual(asArray(fitted.embed(texts[tokens.logItems[item] ?? 0] ?? "")));
  });

  it("gives buildContext the same vectors through either path", async () => {
    const fixture = new LogFixture().agent("a");
    corpus.slice(0, 60).forEach((text, i) => fixture.post(i % 5, "a", `p${i}`, text));
    const log = logFromEvents(fixture.events);
    const hashing = new HashingEmbedder();
    // The same embedder seen only through the text methods (as a remote embedder is).
    const textOnly: Embedder = { name: hashing.name, dims: hashing.dims, fit: (t) => hashing.fit(t), embed: (t) => hashing.embed(t) };
    const viaCorpus = await buildContext(log, new HashingEmbedder(), 1);
    const viaTexts = await buildContext(log, textOnly, 1);
    expect([...viaCorpus.vectors.keys()]).toEqual([...viaTexts.vectors.keys()]);
    for (const [id, vector] of viaTexts.vectors) expect(asArray(viaCorpus.vectors.get(id))).toEqual(asArray(vector));
  });
});
