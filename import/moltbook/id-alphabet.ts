/**
 * Ids in the log are built from dataset values (author names, post and comment ids), so they are
 * brought to one alphabet: ASCII letters, digits, `_` and `-`. That keeps `.` free as the
 * separator of `p.<round>.<agent>.<k>` (so `authorOfContent` and `roundOfContent` read imported
 * ids too) and makes JavaScript's `<` on ids the code-point order docs/events.md sorts agents by.
 */
const outsideAlphabet = /[^A-Za-z0-9_-]+/g;

/** Long enough for any Moltbook name (32) or UUID (36); longer values are cut and made unique below. */
export const maxIdLength = 64;

/** Each run of characters outside the alphabet becomes one `_`; an empty result becomes `_`. */
export function sanitiseId(value: string): string {
  const cleaned = value.trim().replace(outsideAlphabet, "_").slice(0, maxIdLength);
  return cleaned === "" ? "_" : cleaned;
}

/**
 * Sanitised ids for distinct keys, unique even where sanitising merges two values (`a.b` and
 * `a_b`): the key first in code-point order keeps the plain id, the others get `-2`, `-3`, ...
 * skipping any id another key sanitises to. Depends only on the set of keys, never on reading
 * order, so the same data always gets the same ids. `valueOf` gives the text a key is named by;
 * `takenElsewhere` says which ids keys left out of `keys` already hold (see ContentIds).
 */
export function uniqueSanitisedIds(
  keys: Iterable<string>,
  valueOf: (key: string) => string = (key) => key,
  takenElsewhere: (id: string) => boolean = () => false,
): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const base = sanitiseId(valueOf(key));
    const group = groups.get(base);
    if (group) group.push(key);
    else groups.set(base, [key]);
  }
  const taken = new Set(groups.keys());
  const isTaken = (id: string): boolean => taken.has(id) || takenElsewhere(id);
  const ids = new Map<string, string>();
  for (const base of [...groups.keys()].sort(codePointCompare)) {
    const group = (groups.get(base) ?? []).sort(codePointCompare);
    group.forEach((key, index) => {
      if (index === 0) {
        ids.set(key, base);
        return;
      }
      let n = index + 1;
      while (isTaken(`${base}-${n}`)) n++;
      const id = `${base}-${n}`;
      taken.add(id);
      ids.set(key, id);
    });
  }
  return ids;
}

/** Code-point order (`<` compares UTF-16 units, which misorders astral characters). */
export function codePointCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}
