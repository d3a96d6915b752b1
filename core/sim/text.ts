import type { RandomStream } from "../random/stream.js";
import type { SimPersona } from "./persona.js";
import { fillerWords, topicOfWord, topics } from "./vocabulary.js";

/** Share of words of a sentence drawn from each source when nothing is borrowed. */
const fillerShare = 0.25;
const idiolectShare = 0.12;

export interface BorrowedWords {
  /** Words taken from elsewhere (an imitated partner, the item replied to). */
  readonly words: readonly string[];
  /** Probability that a content word comes from `words` instead of the topic. */
  readonly share: number;
}

/** Lower-cased word tokens, as docs/metrics.md tokenises text. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9@]+(?:[._][a-z0-9]+)*/g) ?? [];
}

/**
 * Topics of texts already seen, per isolate: the same pool texts are scored by every agent that is
 * shown them (and by each pick of an item), and the function is pure. Cleared when full.
 */
const topicsOfTexts = new Map<string, number>();
const topicsOfTextsKept = 20_000;

/** The topic a text is mostly about (by vocabulary), or -1 when it names none. */
export function topicOfText(text: string): number {
  const known = topicsOfTexts.get(text);
  if (known !== undefined) return known;
  const topic = computeTopicOfText(text);
  if (topicsOfTexts.size >= topicsOfTextsKept) topicsOfTexts.clear();
  topicsOfTexts.set(text, topic);
  return topic;
}

function computeTopicOfText(text: string): number {
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
  return tokenize(text).filter((w) => !fillerSet.has(w) && !w.startsWith("@") && !/^[pc]\.\d/.test(w));
}

const fillerSet: ReadonlySet<string> = new Set<string>(fillerWords);

/** A content word is offered to each source of borrowed words in turn, then falls to the topic. */
function word(random: RandomStream, persona: SimPersona, topic: number, borrowed: readonly BorrowedWords[]): string {
  const roll = random.next();
  if (roll < fillerShare) return random.pick(fillerWords);
  if (roll < fillerShare + idiolectShare) return random.pick(persona.idiolect);
  for (const source of borrowed) {
    if (source.words.length > 0 && random.chance(source.share)) return random.pick(source.words);
  }
  const vocabulary = topics[topic]?.words ?? topics[0].words;
  return random.pick(vocabulary);
}

export function sentence(
  random: RandomStream,
  persona: SimPersona,
  topic: number,
  borrowed: readonly BorrowedWords[],
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
  borrowed: readonly BorrowedWords[],
  sentences: number,
): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(random, persona, topic, borrowed));
  return out.join(" ");
}

export function title(random: RandomStream, persona: SimPersona, topic: number, borrowed: readonly BorrowedWords[]): string {
  return sentence(random, persona, topic, borrowed, 3 + random.int(5)).replace(/\.$/, "");
}

/** Words of a text as written (filler included), without mentions and item ids. */
function writtenWords(text: string): string[] {
  return tokenize(text).filter((w) => !w.startsWith("@") && !/^[pc]\.\d/.test(w));
}

/** Adjacent word pairs of a text as written: what a reused phrase carries over. */
export function wordPairs(text: string): Set<string> {
  const words = writtenWords(text);
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

/**
 * A contiguous run of `share` of a text's words as written (at least 3), placed where it repeats
 * the fewest word pairs in `known` (ties at random): the part of a post that was its own, not what
 * it shares with the writer's other posts.
 */
export function distinctivePhrase(random: RandomStream, text: string, share: number, known: ReadonlySet<string>): string {
  const words = writtenWords(text);
  if (words.length === 0) return "";
  const length = Math.min(words.length, Math.max(3, Math.round(words.length * share)));
  const fresh = words.map((w, i) => (i + 1 < words.length && !known.has(`${w} ${words[i + 1]}`) ? 1 : 0));
  let bestStarts: number[] = [];
  let bestFresh = -1;
  for (let start = 0; start + length <= words.length; start++) {
    let count = 0;
    for (let i = start; i < start + length - 1; i++) count += fresh[i] ?? 0;
    if (count > bestFresh) {
      bestFresh = count;
      bestStarts = [start];
    } else if (count === bestFresh) bestStarts.push(start);
  }
  const start = random.pick(bestStarts);
  return `${words.slice(start, start + length).join(" ")}.`;
}
