/** Lower-cased word tokens (docs/metrics.md "Tokens"); ids such as p.3.a01.0 and @names stay whole. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9@]+(?:[._'][a-z0-9]+)*/g) ?? [];
}
