/**
 * XML 1.0 text for the graph files. Agent ids, names and groups are untrusted data (external agents
 * and imports choose them), so every value goes through here: markup characters become entities,
 * tab and line breaks in attributes become character references (an XML parser would otherwise
 * turn them into spaces), and characters XML 1.0 cannot carry at all (C0 controls other than tab,
 * LF and CR; lone surrogates; U+FFFE and U+FFFF) become U+FFFD.
 */

const notXml =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const entities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** A value for a double-quoted attribute or for element text. */
export function xmlEscape(value: string): string {
  return value.replace(notXml, "\uFFFD").replace(/[&<>"'\t\n\r]/g, (c) => entities[c] ?? c);
}

/** A number as XML Schema's double reads it (no NaN or infinities reach the graph files). */
export function xmlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}
