/**
 * A strict little XML reader for the export tests, written apart from the export's writer: it
 * checks that tags nest and close, that every `&` starts a known entity or character reference,
 * that no raw `<` sits in text or attributes and no character XML 1.0 forbids appears, and returns
 * the elements with their attributes and text decoded. Enough for the GEXF and GraphML files
 * (no DTDs, CDATA or processing instructions beyond the declaration).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const named: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string): string {
  if (raw.includes("<")) throw new Error(`raw < in ${JSON.stringify(raw)}`);
  return raw.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(";")) throw new Error(`unterminated reference in ${JSON.stringify(raw)}`);
    if (body.startsWith("#x")) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number(body.slice(1)));
    const value = named[body];
    if (value === undefined) throw new Error(`unknown entity &${body};`);
    return value;
  });
}

// The C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF: characters XML 1.0 cannot carry.
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXml(text: string): XmlElement {
  if (forbidden.test(text)) throw new Error("a character XML 1.0 forbids");
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let last = 0;
  for (let match = tag.exec(body); match !== null; match = tag.exec(body)) {
    const between = body.slice(last, match.index);
    const top = stack.at(-1);
    if (top) top.text += decode(between);
    else if (between.trim() !== "") throw new Error(`text outside the root: ${between}`);
    last = tag.lastIndex;
    const [, closing, name = "", attributeText = "", selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? "nothing"}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key = "", value = ""] of attributeText.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      if (key in attributes) throw new Error(`attribute ${key} twice`);
      attributes[key] = decode(value);
    }
    const element: XmlElement = { name, attributes, children: [], text: "" };
    if (top) top.children.push(element);
    else if (root === null) root = element;
    else throw new Error("two roots");
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0 || root === null) throw new Error("unclosed elements");
  if (body.slice(last).trim() !== "") throw new Error("text after the root");
  return root;
}

/** Every descendant element with this name, in document order. */
export function elementsNamed(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) found.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return found;
}
