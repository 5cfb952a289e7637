// A small strict XML parser for tests: throws on anything that is not
// well-formed (unclosed or mismatched tags, raw `<` or bad `&` in text or
// attributes, duplicate attributes, characters XML forbids, content after the
// root element) and returns the element tree with entities decoded.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
// eslint-disable-next-line no-control-regex
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  return raw.replace(/&([^;]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & at ${where}`);
    if (body in ENTITIES) return ENTITIES[body]!;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (!m) throw new Error(`unknown entity &${body}; at ${where}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
    const ch = String.fromCodePoint(cp);
    if (INVALID_CHAR.test(ch) || cp === 0) throw new Error(`character reference to forbidden character at ${where}`);
    return ch;
  });
}

export function parseXml(text: string): XmlElement {
  const bad = INVALID_CHAR.exec(text);
  if (bad) throw new Error(`forbidden character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index}`);
  let pos = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at ${pos}: ${JSON.stringify(text.slice(pos, pos + 40))}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) fail('expected a name');
    pos += m![0].length;
    return m![0];
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('unclosed comment');
        if (text.slice(pos + 4, end).includes('--')) fail('-- inside a comment');
        pos = end + 3;
      } else return;
    }
  };

  const element = (): XmlElement => {
    if (text[pos] !== '<') fail('expected <');
    pos++;
    const el: XmlElement = { name: name(), attrs: {}, children: [] };
    for (;;) {
      const before = pos;
      skipSpace();
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected space before attribute');
      const attr = name();
      skipSpace();
      if (text[pos] !== '=') fail('expected =');
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") fail('expected quoted attribute value');
      const end = text.indexOf(quote!, pos + 1);
      if (end < 0) fail('unclosed attribute value');
      const raw = text.slice(pos + 1, end);
      if (raw.includes('<')) fail('< in attribute value');
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      el.attrs[attr] = decode(raw, pos);
      pos = end + 1;
    }
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) fail(`unclosed element <${el.name}>`);
      if (lt > pos) {
        const raw = text.slice(pos, lt);
        if (raw.includes(']]>')) fail(']]> in text');
        el.children.push(decode(raw, pos));
        pos = lt;
      }
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (text[pos] !== '>') fail('expected >');
        pos++;
        return el;
      }
      if (text.startsWith('<!--', pos)) {
        skipMisc();
        continue;
      }
      if (text.startsWith('<![CDATA[', pos) || text.startsWith('<?', pos) || text.startsWith('<!', pos)) {
        fail('unexpected markup declaration');
      }
      el.children.push(element());
    }
  };

  skipMisc();
  const root = element();
  skipMisc();
  if (pos !== text.length) fail('content after the root element');
  return root;
}

/** All elements in document order. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) if (typeof c !== 'string') yield* walk(c);
}

/** Concatenated text content. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

export function hasClass(el: XmlElement, cls: string): boolean {
  return (el.attrs.class ?? '').split(/\s+/).includes(cls);
}
