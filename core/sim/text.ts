import type { RandomStream } from "../random/stream.js";
import type { SimPersona } from "./persona.js";
import { fillerWords, topicOfWord, topics } from "./vocabulary.js";

/** Share of words of a sentence drawn from each source when nothing is borrowed. */
const fillerShare = 0.25;
const idiolectShare = 0.12;

export interface BorrowedWords {
  /** Words taken from elsewhere (an imitated partner, the agent's best-received post). */
  readonly words: readonly string[];
  /** Probability that a content word comes from `words` instead of the topic. */
  readonly share: number;
}

/** Lower-cased word tokens, as METRICS.md tokenises text. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9@]+(?:[._][a-z0-9]+)*/g) ?? [];
}

/** The topic a text is mostly about (by vocabulary), or -1 when it names none. */
export function topicOfText(text: string): number {
  const counts = new Array<number>(topics.length).fill(0);
  for (const word of tokenize(text)) {
    const topic = topicOfWord.get(word);
    if (topic !== undefined) counts[topic] = (counts[topic] ?? 0) + 1;
  }
  let best = -1;
  let bestCount = 0;
  counts.forEach((count, topic) => {
    if (count > bestCount) {
      best = topic;
      bestCount = count;
    }
  });
  return best;
}

/** Content words of a text (no filler), for imitation and feedback learning. */
export function contentWords(text: string): string[] {
  const filler = new Set<string>(fillerWords);
  return tokenize(text).filter((w) => !filler.has(w) && !w.startsWith("@") && !/^[pc]\.\d/.test(w));
}

function word(random: RandomStream, persona: SimPersona, topic: number, borrowed: BorrowedWords | null): string {
  const roll = random.next();
  if (roll < fillerShare) return random.pick(fillerWords);
  if (roll < fillerShare + idiolectShare) return random.pick(persona.idiolect);
  if (borrowed && borrowed.words.length > 0 && random.chance(borrowed.share)) return random.pick(borrowed.words);
  const vocabulary = topics[topic]?.words ?? topics[0].words;
  return random.pick(vocabulary);
}

export function sentence(
  random: RandomStream,
  persona: SimPersona,
  topic: number,
  borrowed: BorrowedWords | null,
  words = persona.sentenceWords,
): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(word(random, persona, topic, borrowed));
  const first = out[0] ?? "";
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${out.join(" ")}.`;
}

export function paragraph(
  random: RandomStream,
  persona: SimPersona,
  topic: number,
  borrowed: BorrowedWords | null,
  sentences: number,
): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(random, persona, topic, borrowed));
  return out.join(" ");
}

export function title(random: RandomStream, persona: SimPersona, topic: number, borrowed: BorrowedWords | null): string {
  return sentence(random, persona, topic, borrowed, 3 + random.int(5)).replace(/\.$/, "");
}

/** A contiguous run of `share` of a text's content words (at least 3): a reused phrase. */
export function phraseFrom(random: RandomStream, text: string, share: number): string {
  const words = contentWords(text);
  if (words.length === 0) return "";
  const length = Math.min(words.length, Math.max(3, Math.round(words.length * share)));
  const start = random.int(words.length - length + 1);
  return `${words.slice(start, start + length).join(" ")}.`;
}
