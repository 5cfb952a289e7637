// Chevrotain parser for the grammar of docs/language-reference.md; it makes the typed AST as it reads.
//
// Recovery is designed in rather than left to chevrotain's heuristics: closing
// tokens are optional in the grammar (the AST builder reports a missing one at
// the right place), every body skips a stray token as an item of its own, and a
// body ends early where a missing `}` is evident (a new `system`, or a component
// header inside a component that cannot contain one). One error therefore never
// stops the parse, and the rest of the file still reaches the model.
import { EmbeddedActionsParser, EOF as EOF_TOKEN, getLookaheadPaths, IOrAlt, IToken, LLkLookaheadStrategy, Rule, TokenType, tokenMatcher as chevrotainTokenMatcher } from 'chevrotain';
import type {
  Attr, Block, CallValue, Connection, Declaration, EquationValue, EventItem, Item, ListValue, MapValue,
  Property, RangeValue, RefValue, SyntaxError, SystemDecl, Value,
} from './ast';
import { AstBuilder } from './build-ast';
import {
  allTokens, AnyToken, Arrow, AtKw, Colon, Comma, COMPONENT_KINDS, Dot, DotDot, Equals, Identifier, KindKw,
  LBracket, LCurly, LParen, NumberLiteral, NumericLiteral, QuantityLiteral, QueryKw, RBracket,
  RCurly, RParen, ScenarioKw, StringLiteral, SystemKw, TableKw, ViewKw,
} from './tokens';
import { didYouMean } from '../diagnostics';
import { pushAll } from '../arrays';

// chevrotain's exports, read once: compiled to CommonJS, every use of an
// imported binding is a property read through a getter, and these are used
// for nearly every token.
const tokenMatcher: (token: IToken, type: TokenType) => boolean = chevrotainTokenMatcher;
const EOF: TokenType = EOF_TOKEN;

const DECLARATION_WORDS = [...COMPONENT_KINDS, 'query', 'scenario', 'table', 'view'];

/** A typo of a declaration keyword: within two edits of one. */
function looksLikeKeyword(word: string): boolean {
  return didYouMean(word, DECLARATION_WORDS) !== undefined;
}

/** Bodies of these kinds may hold components; any other body ends at a component header. */
const NESTING_KINDS = new Set(['region', 'group']);

export type BodyContext = 'system' | 'nesting' | 'leaf';

const SYSTEM_BODY: { ARGS: [BodyContext, number, string] } = { ARGS: ['system', -1, 'in a system'] };
const MAP_BODY: { ARGS: [BodyContext, number, string] } = { ARGS: ['leaf', -1, 'in a map'] };
const DECLARATION_OPTIONS: Record<BodyContext, { ARGS: [BodyContext] }> = {
  system: { ARGS: ['system'] },
  nesting: { ARGS: ['nesting'] },
  leaf: { ARGS: ['leaf'] },
};
/**
 * What a rule returns while chevrotain records the grammar (it runs every
 * rule once with placeholder tokens): nothing is built then.
 */
const RECORDED = undefined as never;

// Performance (a 10,000-line design): the parser makes the AST as it reads,
// with no concrete syntax tree in between; building and then walking one took
// as long as recognising the input.
// - the options and alternatives that rules pass to OPTION, MANY and OR are
//   created once, as fields, not as fresh objects and closures on every call.
//   State a cached option needs from its rule invocation (the body context,
//   the declaration's keyword and name, the list being filled) lives in a
//   field set at the start of the rule; a rule that nests (a body, a
//   connection, an attribute list) saves the outer value and restores it.

/**
 * chevrotain's LL(k) lookahead, except for an OR whose alternatives have
 * GATEs: chevrotain's version copies the GATEs into a new array (and a new
 * closure) on every call, and every body item and value is such an OR. This
 * one reads each GATE where it is. Same paths, same order, same answer.
 */
class GateReadingLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
    dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    if (!options.hasPredicates) return super.buildLookaheadForAlternation(options);
    const alternatives = getLookaheadPaths({
      occurrence: options.prodOccurrence,
      rule: options.rule,
      prodType: 'Alternation',
      maxLookahead: options.maxLookahead,
    });
    return function (this: SysdesignParser, orAlts?: IOrAlt<unknown>[]): number | undefined {
      for (let alt = 0; alt < alternatives.length; alt++) {
        const gate = orAlts?.[alt]?.GATE;
        if (gate !== undefined && gate.call(this) === false) continue;
        nextPath: for (const path of alternatives[alt]!) {
          for (let i = 0; i < path.length; i++) {
            if (!tokenMatcher(this.LA(i + 1), path[i]!)) continue nextPath;
          }
          return alt;
        }
      }
      return undefined;
    };
  }
}

/** The part of chevrotain's RecognizerEngine that `optionInternalLogic` uses. */
interface RecognizerInternals {
  getLaFuncFromCache(key: number): (this: unknown) => boolean;
}

/** A connection's refs and arrows, filled by the cached hop option. */
interface ConnectionParts {
  refs: RefValue[];
  arrows: IToken[];
}

class SysdesignParser extends EmbeddedActionsParser {
  /** `}` tokens that bring a system's depth to zero although items and another `}` follow. */
  earlyCloses: ReadonlySet<IToken> = new Set();
  /** The document, for the few decisions that depend on line breaks. */
  text = '';
  /** Makes the AST nodes and collects their errors; one per parse. */
  ast = new AstBuilder('');

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, skipValidations: false, lookaheadStrategy: new GateReadingLookahead({ maxLookahead: 3 }) });
    this.performSelfAnalysis();
  }

  /**
   * Replaces chevrotain's OPTION logic (chevrotain 10.5, RecognizerEngine),
   * which wraps a GATE and the lookahead in a new closure on every call:
   * tens of thousands per parse. Same test, same order: the GATE, then the
   * lookahead; the result is the DEF's.
   */
  optionInternalLogic(option: (() => unknown) | { GATE?: () => boolean; DEF: () => unknown }, _occurrence: number, key: number): unknown {
    const lookahead = (this as unknown as RecognizerInternals).getLaFuncFromCache(key);
    if (typeof option === 'function') return lookahead.call(this) === true ? option.call(this) : undefined;
    const gate = option.GATE;
    if (gate !== undefined && !gate.call(this)) return undefined;
    return lookahead.call(this) === true ? option.DEF.call(this) : undefined;
  }

  private is(offset: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(offset), type);
  }

  private isKeyword(t: IToken): boolean {
    return tokenMatcher(t, KindKw) || tokenMatcher(t, QueryKw) || tokenMatcher(t, ScenarioKw) || tokenMatcher(t, TableKw) || tokenMatcher(t, ViewKw);
  }

  /** True when a line break separates LA(k - 1) from LA(k). */
  private lineBreakBefore(k: number): boolean {
    const prev = this.LA(k - 1);
    const next = this.LA(k);
    if (next.tokenType === EOF || Number.isNaN(prev.startOffset)) return false;
    for (let i = prev.startOffset + prev.image.length; i < next.startOffset; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  private isDeclarationStart(): boolean {
    const head = this.LA(1);
    if (!tokenMatcher(head, Identifier)) return false;
    const keyword = this.isKeyword(head);
    // A kind typed alone (`service` and nothing yet on its line): a declaration
    // without a name, so the next line's component is not taken for its name.
    if (keyword && !this.is(2, Colon) && !this.is(2, LCurly) && (this.is(2, RCurly) || this.LA(2).tokenType === EOF || this.lineBreakBefore(2))) return true;
    if (!this.is(2, Identifier)) return false;
    if (keyword) return true;
    // An unknown keyword that looks like a misspelt one (`servce posts {`) is
    // still a declaration when a body or a title follows on its line, so the
    // name stays declared. Anything else is a flag before a block
    // (`stateful autoscale { … }`).
    if ((this.is(3, LCurly) || this.is(3, StringLiteral)) && !this.lineBreakBefore(2)) return looksLikeKeyword(head.image);
    return false;
  }

  private isConnectionStart(): boolean {
    if (!this.is(1, Identifier)) return false;
    let i = 2;
    while (this.is(i, Dot) && this.is(i + 1, Identifier)) i += 2;
    return this.is(i, Arrow);
  }

  private isComponentHeader(): boolean {
    return (this.is(1, KindKw) || this.is(1, QueryKw) || this.is(1, ScenarioKw) || this.is(1, ViewKw)) && this.is(2, Identifier) && !this.is(2, Colon);
  }

  /** True where a body must stop: its `}`, the end of input, or evidence of a missing `}`. */
  private atBodyEnd(context: BodyContext, owner: number): boolean {
    const next = this.LA(1);
    if (next.tokenType === EOF || tokenMatcher(next, RCurly)) return true;
    if (tokenMatcher(next, SystemKw) && (this.is(2, LCurly) || this.is(2, StringLiteral) || (this.is(2, Identifier) && (this.is(3, LCurly) || this.is(3, StringLiteral))))) return true;
    if (context === 'leaf' && this.isComponentHeader() && this.headerLeavesBody(owner)) return true;
    return false;
  }

  /**
   * A component header inside a body that cannot hold one means a missing `}`
   * when it starts a line no deeper than the owner's line (`service a {` then
   * `service b` below it). Indented deeper, or on the same line, it is a
   * component nested where it does not belong, reported by the linker.
   * `owner` is the offset of the body's owner, or -1 when there is none.
   */
  private headerLeavesBody(owner: number): boolean {
    if (owner < 0 || !this.text) return true;
    if (!this.lineBreakBefore(1)) return false;
    return this.indentOf(this.LA(1).startOffset) <= this.indentOf(owner);
  }

  /** Leading white space of the line holding `offset`. */
  private indentOf(offset: number): number {
    let start = offset;
    while (start > 0) {
      const c = this.text.charCodeAt(start - 1);
      if (c === 10 || c === 13) break;
      start--;
    }
    let end = start;
    while (end < this.text.length && (this.text.charCodeAt(end) === 32 || this.text.charCodeAt(end) === 9)) end++;
    return end - start;
  }

  private isValueStart(): boolean {
    if (this.is(1, SystemKw) && (this.is(2, Identifier) || this.is(2, StringLiteral) || this.is(2, LCurly))) return false; // the next system
    return this.is(1, NumericLiteral) || this.is(1, StringLiteral) || this.is(1, Identifier) || this.is(1, LBracket) || this.is(1, LCurly);
  }

  /**
   * The systems `file` has read. Kept outside the rule's return value: if
   * chevrotain ever gave up on the file rule, the systems read before the
   * failure would still reach the model.
   */
  systems: SystemDecl[] = [];

  public file = this.RULE('file', () => {
    this.systems = [];
    this.MANY(() => {
      this.OR([
        {
          GATE: () => this.is(1, SystemKw),
          ALT: () => {
            const system = this.SUBRULE(this.system);
            if (!this.RECORDING_PHASE && system) this.systems.push(system);
          },
        },
        // Anything outside a system is skipped token by token and reported once per run.
        {
          ALT: () => {
            const stray = this.CONSUME(AnyToken);
            if (!this.RECORDING_PHASE) this.ast.stray(stray, 'outside a system; a design file holds `system NAME { … }` blocks');
          },
        },
      ]);
    });
    return this.systems;
  });

  public system = this.RULE('system', (): SystemDecl => {
    const keyword = this.CONSUME(SystemKw);
    const name = this.OPTION(() => this.CONSUME(Identifier));
    const title = this.OPTION2(() => this.CONSUME(StringLiteral));
    // A missing `{` is reported by the AST builder; the body is parsed anyway so
    // the rest of the system still reaches the model.
    const open = this.OPTION3(() => this.CONSUME(LCurly));
    const items = this.SUBRULE(this.body, SYSTEM_BODY) ?? [];
    // A `}` that closes the system too early (a stray `}` further up) is skipped
    // when more items and the system's real `}` follow; see `earlyCloses`.
    const strayCloses: IToken[] = [];
    this.MANY({
      GATE: () => this.earlyCloses.has(this.LA(1)),
      DEF: () => {
        strayCloses.push(this.CONSUME2(RCurly));
        const more = this.SUBRULE2(this.body, SYSTEM_BODY);
        if (!this.RECORDING_PHASE && more) pushAll(items, more);
      },
    });
    const close = this.OPTION4(() => this.CONSUME(RCurly));
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.system(keyword, name, title, open, items, strayCloses, close);
  });

  // The body being read: its items so far, its context, its owner's offset and
  // where a stray token is ("in service 'api'"). Saved and restored around a
  // nested body.
  private bodyItems: Item[] = [];
  private bodyContext: BodyContext = 'leaf';
  private bodyOwner = -1;
  private bodyWhere = '';

  /**
   * The items of a body, in source order: declarations, properties,
   * connections, blocks, events and flags. A comma separates items; any other
   * token that starts none is reported as a stray.
   */
  public body = this.RULE('body', (context: BodyContext = 'leaf', owner = -1, where = ''): Item[] => {
    const outerItems = this.bodyItems;
    const outerContext = this.bodyContext;
    const outerOwner = this.bodyOwner;
    const outerWhere = this.bodyWhere;
    const items: Item[] = [];
    this.bodyItems = items;
    this.bodyContext = context;
    this.bodyOwner = owner;
    this.bodyWhere = where;
    try {
      this.MANY(this.bodyItem);
    } finally {
      this.bodyItems = outerItems;
      this.bodyContext = outerContext;
      this.bodyOwner = outerOwner;
      this.bodyWhere = outerWhere;
    }
    return items;
  });

  private readonly bodyItem = {
    GATE: () => !this.atBodyEnd(this.bodyContext, this.bodyOwner),
    DEF: () => {
      // Read the list before the item: a nested body swaps it while the item is read.
      const items = this.bodyItems;
      const item = this.OR(this.itemAlts);
      if (item !== undefined && !this.RECORDING_PHASE) items.push(item);
    },
  };

  private readonly itemAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      // Properties first: the most frequent item, and `name:` is none of the next three.
      { GATE: () => this.is(1, Identifier) && this.is(2, Colon), ALT: (): Item | undefined => this.SUBRULE(this.property) },
      { GATE: () => this.isDeclarationStart(), ALT: (): Item | undefined => this.SUBRULE(this.declaration, DECLARATION_OPTIONS[this.bodyContext]) },
      { GATE: () => this.is(1, AtKw) && this.is(2, NumericLiteral), ALT: (): Item | undefined => this.SUBRULE(this.event) },
      { GATE: () => this.isConnectionStart(), ALT: (): Item | undefined => this.SUBRULE(this.connection) },
      { GATE: () => this.is(1, Identifier) && this.is(2, LCurly), ALT: (): Item | undefined => this.SUBRULE(this.block) },
      {
        GATE: () => this.is(1, Identifier),
        ALT: (): Item | undefined => {
          const flag = this.CONSUME(Identifier);
          return this.RECORDING_PHASE ? undefined : this.ast.flag(flag);
        },
      },
      {
        GATE: () => this.is(1, Comma),
        ALT: (): Item | undefined => {
          this.CONSUME(Comma); // a separator
          return undefined;
        },
      },
      {
        ALT: (): Item | undefined => {
          const stray = this.CONSUME(AnyToken);
          if (!this.RECORDING_PHASE) this.ast.stray(stray, this.bodyWhere);
          return undefined;
        },
      },
    ],
  };

  // State of the declaration being parsed, read by the cached options below.
  // Nested declarations overwrite it only inside the body, after its last use.
  private declKeyword: IToken | undefined;
  private declContext: BodyContext = 'leaf';
  private declName: IToken | undefined;
  private readonly declNameOption = {
    GATE: () => this.is(1, Identifier) && !this.lineBreakBefore(1),
    DEF: () => (this.declName = this.CONSUME2(Identifier)),
  };
  private readonly declTech = {
    // `cache c:` at the end of a line is an unfinished technology, not a claim on the next line's kind.
    GATE: () => this.declName !== undefined && this.is(1, Colon) && this.is(2, Identifier) && !this.is(3, Colon) && !this.lineBreakBefore(2),
    DEF: () => {
      this.CONSUME(Colon);
      return this.CONSUME3(Identifier);
    },
  };
  private readonly declTitle = { GATE: () => this.declName !== undefined, DEF: () => this.CONSUME(StringLiteral) };
  private readonly declClose = () => this.CONSUME(RCurly);
  private readonly declBody = {
    GATE: () => this.declName !== undefined,
    DEF: (): { open: IToken; items: Item[]; close: IToken | undefined } => {
      const open = this.CONSUME(LCurly);
      const keyword = this.declKeyword!;
      const inner: BodyContext = this.declContext !== 'leaf' && NESTING_KINDS.has(keyword.image) ? 'nesting' : 'leaf';
      const where = `in ${keyword.image} '${this.declName?.image ?? ''}'`;
      const items = this.SUBRULE(this.body, { ARGS: [inner, keyword.startOffset, where] });
      const close = this.OPTION4(this.declClose);
      return { open, items, close };
    },
  };

  public declaration = this.RULE('declaration', (context: BodyContext = 'leaf'): Declaration => {
    const keyword = this.CONSUME(Identifier);
    this.declKeyword = keyword;
    this.declContext = context;
    // The name is on the keyword's line (a word on the next line starts the next item).
    this.declName = undefined;
    this.OPTION5(this.declNameOption);
    const name = this.declName;
    const tech = this.OPTION(this.declTech);
    const title = this.OPTION2(this.declTitle);
    const body = this.OPTION3(this.declBody);
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.declaration(keyword, name, tech, title, body?.open, body?.items, body?.close);
  });

  public block = this.RULE('block', (): Block => {
    const name = this.CONSUME(Identifier);
    const open = this.CONSUME(LCurly);
    const items = this.SUBRULE(this.body, { ARGS: ['leaf', name.startOffset, `in block '${name.image}'`] });
    const close = this.OPTION(() => this.CONSUME(RCurly));
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.block(name, open, items, close);
  });

  public property = this.RULE('property', (): Property => {
    const name = this.CONSUME(Identifier);
    const colon = this.CONSUME(Colon);
    // `key:: v`: the doubled colon is reported once and the value still counts.
    const extraColon = this.OPTION2(this.propExtra);
    const value = this.OPTION(this.propValue);
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.property(name, colon, extraColon, value);
  });
  private readonly propExtra = () => this.CONSUME2(Colon);
  private readonly propValue = { GATE: () => this.isValueStart() && !this.isPropertyAhead(), DEF: (): Value | undefined => this.OR(this.valueAlts) };

  /** `key:` followed by the next `other: …` means the value is missing, not that it is `other`. */
  private isPropertyAhead(): boolean {
    return this.is(1, Identifier) && this.is(2, Colon) && !this.is(3, StringLiteral);
  }

  public event = this.RULE('event', (): EventItem => {
    const keyword = this.CONSUME(AtKw);
    const at = this.CONSUME(NumericLiteral);
    const colon = this.OPTION(() => this.CONSUME(Colon));
    const action = this.OPTION2({
      GATE: () => this.is(1, Identifier) && !this.is(1, AtKw) && !this.is(2, Colon),
      DEF: () => this.CONSUME(Identifier),
    });
    const target = this.OPTION3({
      GATE: () => this.is(1, Identifier) && !this.is(1, AtKw) && !this.is(2, Colon) && !this.isComponentHeader(),
      DEF: () => this.SUBRULE(this.ref),
    });
    // `posts[2]`, `db.replica[1]`: one instance or replica.
    let index: IToken | undefined;
    let indexClose: IToken | undefined;
    this.OPTION4({
      GATE: () => this.is(1, LBracket) && this.is(2, NumberLiteral),
      DEF: () => {
        this.CONSUME(LBracket);
        index = this.CONSUME(NumberLiteral);
        indexClose = this.OPTION5(() => this.CONSUME(RBracket));
      },
    });
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.event(keyword, at, colon, action, target, index, indexClose);
  });

  /** The connection being read; saved and restored around one nested in its attributes. */
  private connParts: ConnectionParts = { refs: [], arrows: [] };
  private readonly connTarget = { GATE: () => this.is(1, Identifier) && !this.isComponentHeader(), DEF: () => this.SUBRULE2(this.ref) };
  private readonly connHop = () => {
    const parts = this.connParts;
    parts.arrows.push(this.CONSUME(Arrow));
    const target = this.OPTION(this.connTarget);
    if (target !== undefined) parts.refs.push(target);
  };
  private readonly connClose = () => this.CONSUME(RParen);
  private readonly connAttrs = (): { open: IToken; attrs: Attr[]; close: IToken | undefined } => {
    const open = this.CONSUME(LParen);
    const attrs = this.SUBRULE(this.attrList);
    const close = this.OPTION3(this.connClose);
    return { open, attrs, close };
  };
  private readonly connLabelString = () => this.CONSUME(StringLiteral);
  private readonly connLabel = {
    GATE: () => this.is(1, Colon) && !this.is(2, Colon),
    DEF: (): { colon: IToken; label: IToken | undefined } => {
      const colon = this.CONSUME(Colon);
      return { colon, label: this.OPTION5(this.connLabelString) };
    },
  };

  public connection = this.RULE('connection', (): Connection => {
    const outer = this.connParts;
    const first = this.SUBRULE(this.ref);
    const parts: ConnectionParts = { refs: first ? [first] : [], arrows: [] };
    this.connParts = parts;
    try {
      this.MANY(this.connHop);
    } finally {
      this.connParts = outer;
    }
    const attrs = this.OPTION2(this.connAttrs);
    const label = this.OPTION4(this.connLabel);
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.connection(parts.refs, parts.arrows, attrs?.open, attrs?.attrs ?? [], attrs?.close, label?.colon, label?.label);
  });

  private refParts: IToken[] = [];
  private readonly refMore = {
    GATE: () => this.is(1, Dot) && this.is(2, Identifier),
    DEF: () => {
      this.CONSUME(Dot);
      this.refParts.push(this.CONSUME2(Identifier));
    },
  };

  public ref = this.RULE('ref', (): RefValue => {
    // Nothing nests inside a ref, so one field holds its parts.
    const parts = [this.CONSUME(Identifier)];
    this.refParts = parts;
    this.MANY(this.refMore);
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.ref(parts);
  });

  /**
   * A value, read inside the property or attribute that holds it. Index 3 on
   * the CONSUMEs keeps them apart from the host's own name and colons.
   */
  private readonly valueAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => (this.is(1, NumberLiteral) || this.is(1, QuantityLiteral)) && this.is(2, DotDot),
        ALT: (): Value | undefined => this.SUBRULE(this.range),
      },
      {
        ALT: (): Value | undefined => {
          const t = this.CONSUME3(NumericLiteral);
          return this.RECORDING_PHASE ? undefined : this.ast.numeric(t);
        },
      },
      {
        ALT: (): Value | undefined => {
          const t = this.CONSUME3(StringLiteral);
          return this.RECORDING_PHASE ? undefined : this.ast.string(t);
        },
      },
      { GATE: () => this.is(1, Identifier) && this.is(2, LParen), ALT: (): Value | undefined => this.SUBRULE(this.call) },
      { GATE: () => this.isEquationStart(), ALT: (): Value | undefined => this.SUBRULE(this.equation) },
      // A one-word ref (`least_connections`, `user_id`), without the ref rule.
      {
        GATE: () => this.is(1, Identifier) && !this.is(2, Dot),
        ALT: (): Value | undefined => {
          const t = this.CONSUME3(Identifier);
          return this.RECORDING_PHASE ? undefined : this.ast.word(t);
        },
      },
      { GATE: () => this.is(1, Identifier), ALT: (): Value | undefined => this.SUBRULE(this.ref) },
      { ALT: (): Value | undefined => this.SUBRULE(this.list) },
      { ALT: (): Value | undefined => this.SUBRULE(this.map) },
    ],
  };

  private isEquationStart(): boolean {
    if (!this.is(1, Identifier)) return false;
    let i = 2;
    while (this.is(i, Dot) && this.is(i + 1, Identifier)) i += 2;
    return this.is(i, Equals);
  }

  public range = this.RULE('range', (): RangeValue => {
    const from = this.CONSUME(NumericLiteral);
    const dots = this.CONSUME(DotDot);
    const to = this.OPTION({ GATE: () => this.is(1, NumberLiteral) || this.is(1, QuantityLiteral), DEF: () => this.CONSUME2(NumericLiteral) });
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.range(from, dots, to);
  });

  public call = this.RULE('call', (): CallValue => {
    const name = this.CONSUME(Identifier);
    const open = this.CONSUME(LParen);
    const args = this.SUBRULE(this.attrList);
    const close = this.OPTION(() => this.CONSUME(RParen));
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.call(name, open, args ?? [], close);
  });

  public equation = this.RULE('equation', (): EquationValue => {
    const left = this.SUBRULE(this.ref);
    const eq = this.CONSUME(Equals);
    const right = this.OPTION({ GATE: () => this.is(1, Identifier) && !this.is(2, Colon), DEF: () => this.SUBRULE2(this.ref) });
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.equation(left, eq, right);
  });

  public list = this.RULE('list', (): ListValue => {
    const open = this.CONSUME(LBracket);
    const items = this.SUBRULE(this.attrList);
    const close = this.OPTION(() => this.CONSUME(RBracket));
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.list(open, items ?? [], close);
  });

  public map = this.RULE('map', (): MapValue => {
    const open = this.CONSUME(LCurly);
    const items = this.SUBRULE(this.body, MAP_BODY);
    const close = this.OPTION(() => this.CONSUME(RCurly));
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.map(open, items ?? [], close);
  });

  /** The attribute list being read; saved and restored around a nested one. */
  private attrs: Attr[] = [];
  /** Comma-separated attributes; a missing comma ends the list (so `exp(20ms` does not eat the next line). */
  private readonly attrFirst = { GATE: () => this.isValueStart(), DEF: () => this.SUBRULE(this.attr) };
  private readonly attrNext = { GATE: () => this.isValueStart(), DEF: () => this.SUBRULE2(this.attr) };
  private readonly attrMore = () => {
    const attrs = this.attrs;
    this.CONSUME(Comma);
    const attr = this.OPTION2(this.attrNext);
    if (attr !== undefined && !this.RECORDING_PHASE) attrs.push(attr);
  };
  public attrList = this.RULE('attrList', (): Attr[] => {
    const outer = this.attrs;
    const attrs: Attr[] = [];
    const first = this.OPTION(this.attrFirst);
    if (first !== undefined && !this.RECORDING_PHASE) attrs.push(first);
    this.attrs = attrs;
    try {
      this.MANY(this.attrMore);
    } finally {
      this.attrs = outer;
    }
    return attrs;
  });

  /** The colon of the attribute name just read (nothing nests between the two). */
  private attrColon: IToken | undefined;
  private readonly attrName = {
    GATE: () => this.is(1, Identifier) && this.is(2, Colon),
    DEF: () => {
      const name = this.CONSUME(Identifier);
      this.attrColon = this.CONSUME(Colon);
      return name;
    },
  };
  private readonly attrValue = { GATE: () => this.isValueStart(), DEF: (): Value | undefined => this.OR(this.valueAlts) };
  public attr = this.RULE('attr', (): Attr => {
    this.attrColon = undefined;
    const name = this.OPTION(this.attrName);
    const colon = this.attrColon;
    const value = this.OPTION2(this.attrValue);
    if (this.RECORDING_PHASE) return RECORDED;
    return this.ast.attr(name, colon, value);
  });
}

/** One reused parser instance (chevrotain's recommendation: construction is costly). */
export const parser = new SysdesignParser();

export interface Parsed {
  systems: SystemDecl[];
  /** What chevrotain could not match (rare: the grammar tolerates most mistakes). */
  errors: { message: string; token: IToken }[];
  /** The mistakes the grammar tolerates, each where the fix goes. */
  astErrors: SyntaxError[];
}

export function parseTokens(tokens: IToken[], text = ''): Parsed {
  parser.earlyCloses = findEarlyCloses(tokens);
  parser.text = text;
  parser.ast = new AstBuilder(text);
  parser.input = tokens;
  parser.file();
  const systems = parser.systems;
  const errors = parser.errors.map((e) => ({ message: e.message, token: e.token }));
  const astErrors = parser.ast.errors;
  // Let go of this document: the shared parser would otherwise keep its tokens
  // (and through them its text) alive until the next parse.
  parser.earlyCloses = new Set();
  parser.text = '';
  parser.ast = new AstBuilder('');
  parser.systems = [];
  parser.input = [];
  return { systems, errors, astErrors };
}

/**
 * Finds each `}` that closes a system although more of the system follows:
 * after it come items (not a new `system`) and then a `}` that closes nothing.
 * That later `}` is the system's real end, so the early one is the stray. One
 * linear pass over the braces; `{`/`}` only, as the parser's bodies are.
 */
function findEarlyCloses(tokens: IToken[]): Set<IToken> {
  const early = new Set<IToken>();
  let depth = 0;
  let candidate: IToken | undefined;
  /** Further `}` right after the candidate (`}}}`): stray too if the system goes on. */
  let extra: IToken[] = [];
  let itemsAfter = false;
  // An index loop: this function runs once per parse, too briefly for V8 to
  // optimise `for…of` away, and its iterator results were 2 MB per parse.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === LCurly) {
      if (depth === 0 && candidate) itemsAfter = true;
      depth++;
    } else if (type === RCurly) {
      if (depth > 0) {
        depth--;
        if (depth === 0 && !candidate) {
          candidate = t;
          extra = [];
          itemsAfter = false;
        }
      } else if (candidate && itemsAfter) {
        early.add(candidate);
        for (const e of extra) early.add(e);
        candidate = t;
        extra = [];
        itemsAfter = false;
      } else if (candidate) {
        extra.push(t);
      }
    } else if (depth === 0 && candidate) {
      if (type === SystemKw) candidate = undefined;
      else itemsAfter = true;
    }
  }
  return early;
}
