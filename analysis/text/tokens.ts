/** Lower-cased word tokens (METRICS.md "Tokens"); ids such as p.3.a01.0 and @names stay whole. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9@]+(?:[._'][a-z0-9]+)*/g) ?? [];
}

/** The n-grams (joined by one space) of a token list, for one n. */
export function ngrams(tokens: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  return out;
}
