// Chevrotain CST parser for language.md §3.
//
// Recovery is designed in rather than left to chevrotain's heuristics: closing
// tokens are optional in the grammar (the AST builder reports a missing one at
// the right place), every body skips a stray token as an item of its own, and a
// body ends early where a missing `}` is evident (a new `system`, or a component
// header inside a component that cannot contain one). One error therefore never
// stops the parse, and the rest of the file still reaches the model.
import { CstNode, CstParser, EOF as EOF_TOKEN, getLookaheadPaths, IOrAlt, IToken, LLkLookaheadStrategy, Rule, TokenType, tokenMatcher as chevrotainTokenMatcher } from 'chevrotain';
import {
  allTokens, AnyToken, Arrow, AtKw, Colon, Comma, COMPONENT_KINDS, Dot, DotDot, Equals, Identifier, KindKw,
  LBracket, LCurly, LParen, NumberLiteral, NumericLiteral, QuantityLiteral, QueryKw, RBracket,
  RCurly, RParen, ScenarioKw, StringLiteral, SystemKw, TableKw,
} from './tokens';
import { didYouMean } from '../diagnostics';

// chevrotain's exports, read once: compiled to CommonJS, every use of an
// imported binding is a property read through a getter, and these are used
// for nearly every token.
const tokenMatcher: (token: IToken, type: TokenType) => boolean = chevrotainTokenMatcher;
const EOF: TokenType = EOF_TOKEN;

const DECLARATION_WORDS = [...COMPONENT_KINDS, 'query', 'scenario', 'table'];

/** A typo of a declaration keyword: within two edits of one. */
function looksLikeKeyword(word: string): boolean {
  return didYouMean(word, DECLARATION_WORDS) !== undefined;
}

/** Bodies of these kinds may hold components; any other body ends at a component header. */
const NESTING_KINDS = new Set(['region', 'group']);

export type BodyContext = 'system' | 'nesting' | 'leaf';

/**
 * Every CONSUME/SUBRULE label, as one shared options object each: an object
 * literal at the call would be allocated again on every token.
 */
const LABELS = {
  action: { LABEL: 'action' },
  arrows: { LABEL: 'arrows' },
  at: { LABEL: 'at' },
  close: { LABEL: 'close' },
  extraColon: { LABEL: 'extraColon' },
  from: { LABEL: 'from' },
  index: { LABEL: 'index' },
  indexClose: { LABEL: 'indexClose' },
  indexOpen: { LABEL: 'indexOpen' },
  items: { LABEL: 'items' },
  keyword: { LABEL: 'keyword' },
  label: { LABEL: 'label' },
  labelColon: { LABEL: 'labelColon' },
  left: { LABEL: 'left' },
  name: { LABEL: 'name' },
  numeric: { LABEL: 'numeric' },
  open: { LABEL: 'open' },
  parts: { LABEL: 'parts' },
  refs: { LABEL: 'refs' },
  right: { LABEL: 'right' },
  stray: { LABEL: 'stray' },
  strayClose: { LABEL: 'strayClose' },
  string: { LABEL: 'string' },
  target: { LABEL: 'target' },
  tech: { LABEL: 'tech' },
  techColon: { LABEL: 'techColon' },
  title: { LABEL: 'title' },
  to: { LABEL: 'to' },
  word: { LABEL: 'word' },
} as const;
const SYSTEM_BODY: { ARGS: [BodyContext] } = { ARGS: ['system'] };
const DECLARATION_OPTIONS: Record<BodyContext, { LABEL: string; ARGS: [BodyContext] }> = {
  system: { LABEL: 'items', ARGS: ['system'] },
  nesting: { LABEL: 'items', ARGS: ['nesting'] },
  leaf: { LABEL: 'items', ARGS: ['leaf'] },
};

// Performance (a 10,000-line design: 72 MB allocated and 55k CST nodes per
// parse before, 28 MB and 26k nodes after; the collector was half the time):
// - the options and alternatives that rules pass to OPTION, MANY and OR are
//   created once, as fields, not as fresh objects and closures on every call.
//   State a cached option needs from its rule invocation (the body context,
//   whether a declaration has a name) lives in a field set at the start of the
//   rule, before anything nested can change it;
// - no CST node per body item (see `body`) and none per value (see
//   `valueAlts`), and a one-word ref is a token, not a node.
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
    return function (this: SysdesignCstParser, orAlts?: IOrAlt<unknown>[]): number | undefined {
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

/** The parts of chevrotain's TreeBuilder that the CST hooks below use. */
interface TreeBuilderInternals {
  CST_STACK: CstNode[];
  setInitialNodeLocation(node: CstNode): void;
  setNodeLocationFromToken(location: CstNode['location'], token: IToken): void;
  setNodeLocationFromNode(location: CstNode['location'], from: CstNode['location']): void;
}

/** Adds `element` under `key`: as it is when it is the first, else into an array. */
function addCompact(node: CstNode, key: string, element: CstNode | IToken): void {
  const children = node.children as unknown as Record<string, CstNode | IToken | (CstNode | IToken)[] | undefined>;
  const existing = children[key];
  if (existing === undefined) children[key] = element;
  else if (Array.isArray(existing)) existing.push(element);
  else children[key] = [existing, element];
}

/** The part of chevrotain's RecognizerEngine that `optionInternalLogic` uses. */
interface RecognizerInternals {
  getLaFuncFromCache(key: number): (this: unknown) => boolean;
}

class SysdesignCstParser extends CstParser {
  /** `}` tokens that bring a system's depth to zero although items and another `}` follow. */
  earlyCloses: ReadonlySet<IToken> = new Set();
  /** The document, for the few decisions that depend on line breaks. */
  text = '';

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, skipValidations: false, lookaheadStrategy: new GateReadingLookahead({ maxLookahead: 3 }) });
    this.performSelfAnalysis();
  }

  /**
   * Replace chevrotain's hooks that add a token or a subrule's node to the
   * node being built (chevrotain 10.5, TreeBuilder). chevrotain wraps every
   * element in an array of its own; most labels hold one element, so the
   * first is stored as it is and an array is made when a second comes: 60k
   * fewer arrays per 10,000 lines. `build-ast.ts` reads both shapes.
   */
  cstPostTerminal(key: string, token: IToken): void {
    const internals = this as unknown as TreeBuilderInternals;
    const node = internals.CST_STACK[internals.CST_STACK.length - 1]!;
    addCompact(node, key, token);
    internals.setNodeLocationFromToken(node.location, token);
  }

  cstPostNonTerminal(result: CstNode, ruleName: string): void {
    const internals = this as unknown as TreeBuilderInternals;
    const node = internals.CST_STACK[internals.CST_STACK.length - 1]!;
    addCompact(node, ruleName, result);
    internals.setNodeLocationFromNode(node.location, result.location);
  }

  /**
   * Replaces chevrotain's OPTION logic (chevrotain 10.5, RecognizerEngine),
   * which wraps a GATE and the lookahead in a new closure on every call:
   * tens of thousands per parse. Same test, same order: the GATE, then the
   * lookahead.
   */
  optionInternalLogic(option: (() => unknown) | { GATE?: () => boolean; DEF: () => unknown }, _occurrence: number, key: number): unknown {
    const lookahead = (this as unknown as RecognizerInternals).getLaFuncFromCache(key);
    if (typeof option === 'function') return lookahead.call(this) === true ? option.call(this) : undefined;
    const gate = option.GATE;
    if (gate !== undefined && !gate.call(this)) return undefined;
    return lookahead.call(this) === true ? option.DEF.call(this) : undefined;
  }

  /**
   * Replaces chevrotain's hook that opens a CST node (chevrotain 10.5,
   * TreeBuilder). It makes each node's `children` with `Object.create(null)`,
   * which V8 keeps as a dictionary of some 400 bytes: 10 MB of the 24 MB a
   * 10,000-line parse allocated. An object literal is a small fast object.
   * Safe because no label or rule name here is a name on Object.prototype
   * (the parser tests check both this and that the hook is in use).
   */
  cstInvocationStateUpdate(fullRuleName: string): void {
    const node: CstNode = { name: fullRuleName, children: {} };
    const internals = this as unknown as TreeBuilderInternals;
    internals.setInitialNodeLocation(node);
    internals.CST_STACK.push(node);
  }

  private is(offset: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(offset), type);
  }

  private isKeyword(t: IToken): boolean {
    return tokenMatcher(t, KindKw) || tokenMatcher(t, QueryKw) || tokenMatcher(t, ScenarioKw) || tokenMatcher(t, TableKw);
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
    return (this.is(1, KindKw) || this.is(1, QueryKw) || this.is(1, ScenarioKw)) && this.is(2, Identifier) && !this.is(2, Colon);
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

  public file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([
        { GATE: () => this.is(1, SystemKw), ALT: () => this.SUBRULE(this.system) },
        // Anything outside a system is skipped token by token and reported once per run.
        { ALT: () => this.CONSUME(AnyToken, LABELS.stray) },
      ]);
    });
  });

  public system = this.RULE('system', () => {
    this.CONSUME(SystemKw, LABELS.keyword);
    this.OPTION(() => this.CONSUME(Identifier, LABELS.name));
    this.OPTION2(() => this.CONSUME(StringLiteral, LABELS.title));
    // A missing `{` is reported by the AST builder; the body is parsed anyway so
    // the rest of the system still reaches the model.
    this.OPTION3(() => this.CONSUME(LCurly, LABELS.open));
    this.SUBRULE(this.body, SYSTEM_BODY);
    // A `}` that closes the system too early (a stray `}` further up) is skipped
    // when more items and the system's real `}` follow; see `earlyCloses`.
    this.MANY({
      GATE: () => this.earlyCloses.has(this.LA(1)),
      DEF: () => {
        this.CONSUME2(RCurly, LABELS.strayClose);
        this.SUBRULE2(this.body, SYSTEM_BODY);
      },
    });
    this.OPTION4(() => this.CONSUME(RCurly, LABELS.close));
  });

  /**
   * The items of a body, in source order under one label (`items`): nodes for
   * declarations, properties, connections, blocks and events, and tokens for
   * flags (identifiers), separators (commas) and stray tokens (anything else).
   * No CST node per item: a fifth fewer nodes to build and collect.
   */
  public body = this.RULE('body', (context: BodyContext = 'leaf', owner = -1) => {
    this.MANY({
      GATE: () => !this.atBodyEnd(context, owner),
      DEF: () => {
        this.itemContext = context;
        this.OR(this.itemAlts);
      },
    });
  });

  private itemContext: BodyContext = 'leaf';
  private readonly itemAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      // Properties first: the most frequent item, and `name:` is none of the next three.
      { GATE: () => this.is(1, Identifier) && this.is(2, Colon), ALT: () => this.SUBRULE(this.property, LABELS.items) },
      { GATE: () => this.isDeclarationStart(), ALT: () => this.SUBRULE(this.declaration, DECLARATION_OPTIONS[this.itemContext]) },
      { GATE: () => this.is(1, AtKw) && this.is(2, NumericLiteral), ALT: () => this.SUBRULE(this.event, LABELS.items) },
      { GATE: () => this.isConnectionStart(), ALT: () => this.SUBRULE(this.connection, LABELS.items) },
      { GATE: () => this.is(1, Identifier) && this.is(2, LCurly), ALT: () => this.SUBRULE(this.block, LABELS.items) },
      { GATE: () => this.is(1, Identifier), ALT: () => this.CONSUME(Identifier, LABELS.items) }, // a flag
      { GATE: () => this.is(1, Comma), ALT: () => this.CONSUME(Comma, LABELS.items) }, // a separator
      { ALT: () => this.CONSUME(AnyToken, LABELS.items) }, // a stray token
    ],
  };

  // State of the declaration being parsed, read by the cached options below.
  // Nested declarations overwrite it only inside the body, after its last use.
  private declKeyword: IToken | undefined;
  private declContext: BodyContext = 'leaf';
  private declNamed = false;
  private readonly declName = {
    GATE: () => this.is(1, Identifier) && !this.lineBreakBefore(1),
    DEF: () => {
      this.CONSUME2(Identifier, LABELS.name);
      this.declNamed = true;
    },
  };
  private readonly declTech = {
    // `cache c:` at the end of a line is an unfinished technology, not a claim on the next line's kind.
    GATE: () => this.declNamed && this.is(1, Colon) && this.is(2, Identifier) && !this.is(3, Colon) && !this.lineBreakBefore(2),
    DEF: () => {
      this.CONSUME(Colon, LABELS.techColon);
      this.CONSUME3(Identifier, LABELS.tech);
    },
  };
  private readonly declTitle = { GATE: () => this.declNamed, DEF: () => this.CONSUME(StringLiteral, LABELS.title) };
  private readonly declClose = () => this.CONSUME(RCurly, LABELS.close);
  private readonly declBody = {
    GATE: () => this.declNamed,
    DEF: () => {
      this.CONSUME(LCurly, LABELS.open);
      const keyword = this.declKeyword!;
      const inner: BodyContext = this.declContext !== 'leaf' && NESTING_KINDS.has(keyword.image) ? 'nesting' : 'leaf';
      this.SUBRULE(this.body, { ARGS: [inner, keyword.startOffset] });
      this.OPTION4(this.declClose);
    },
  };

  public declaration = this.RULE('declaration', (context: BodyContext = 'leaf') => {
    this.declKeyword = this.CONSUME(Identifier, LABELS.keyword);
    this.declContext = context;
    // The name is on the keyword's line (a word on the next line starts the next item).
    this.declNamed = false;
    this.OPTION5(this.declName);
    this.OPTION(this.declTech);
    this.OPTION2(this.declTitle);
    this.OPTION3(this.declBody);
  });

  public block = this.RULE('block', () => {
    const name = this.CONSUME(Identifier, LABELS.name);
    this.CONSUME(LCurly, LABELS.open);
    this.SUBRULE(this.body, { ARGS: ['leaf', name.startOffset] });
    this.OPTION(() => this.CONSUME(RCurly, LABELS.close));
  });

  public property = this.RULE('property', () => {
    this.CONSUME(Identifier, LABELS.name);
    this.CONSUME(Colon);
    // `key:: v`: the doubled colon is reported once and the value still counts.
    this.OPTION2(this.propExtra);
    this.OPTION(this.propValue);
  });
  private readonly propExtra = () => this.CONSUME2(Colon, LABELS.extraColon);
  private readonly propValue = { GATE: () => this.isValueStart() && !this.isPropertyAhead(), DEF: () => this.OR(this.valueAlts) };

  /** `key:` followed by the next `other: …` means the value is missing, not that it is `other`. */
  private isPropertyAhead(): boolean {
    return this.is(1, Identifier) && this.is(2, Colon) && !this.is(3, StringLiteral);
  }

  public event = this.RULE('event', () => {
    this.CONSUME(AtKw, LABELS.keyword);
    this.CONSUME(NumericLiteral, LABELS.at);
    this.OPTION(() => this.CONSUME(Colon));
    this.OPTION2({
      GATE: () => this.is(1, Identifier) && !this.is(1, AtKw) && !this.is(2, Colon),
      DEF: () => this.CONSUME(Identifier, LABELS.action),
    });
    this.OPTION3({
      GATE: () => this.is(1, Identifier) && !this.is(1, AtKw) && !this.is(2, Colon) && !this.isComponentHeader(),
      DEF: () => this.SUBRULE(this.ref, LABELS.target),
    });
    // `posts[2]`, `db.replica[1]`: one instance or replica.
    this.OPTION4({
      GATE: () => this.is(1, LBracket) && this.is(2, NumberLiteral),
      DEF: () => {
        this.CONSUME(LBracket, LABELS.indexOpen);
        this.CONSUME(NumberLiteral, LABELS.index);
        this.OPTION5(() => this.CONSUME(RBracket, LABELS.indexClose));
      },
    });
  });

  private readonly connTarget = { GATE: () => this.is(1, Identifier) && !this.isComponentHeader(), DEF: () => this.SUBRULE2(this.ref, LABELS.refs) };
  private readonly connHop = () => {
    this.CONSUME(Arrow, LABELS.arrows);
    this.OPTION(this.connTarget);
  };
  private readonly connClose = () => this.CONSUME(RParen, LABELS.close);
  private readonly connAttrs = () => {
    this.CONSUME(LParen, LABELS.open);
    this.SUBRULE(this.attrList);
    this.OPTION3(this.connClose);
  };
  private readonly connLabelString = () => this.CONSUME(StringLiteral, LABELS.label);
  private readonly connLabel = {
    GATE: () => this.is(1, Colon) && !this.is(2, Colon),
    DEF: () => {
      this.CONSUME(Colon, LABELS.labelColon);
      this.OPTION5(this.connLabelString);
    },
  };

  public connection = this.RULE('connection', () => {
    this.SUBRULE(this.ref, LABELS.refs);
    this.MANY(this.connHop);
    this.OPTION2(this.connAttrs);
    this.OPTION4(this.connLabel);
  });

  private readonly refMore = {
    GATE: () => this.is(1, Dot) && this.is(2, Identifier),
    DEF: () => {
      this.CONSUME(Dot);
      this.CONSUME2(Identifier, LABELS.parts);
    },
  };

  public ref = this.RULE('ref', () => {
    this.CONSUME(Identifier, LABELS.parts);
    this.MANY(this.refMore);
  });

  /**
   * A value, parsed inside the property or attribute that holds it (no CST
   * node of its own): the host node gets one of the labels numeric, string,
   * word, range, call, equation, ref, list or map. Index 3 on the CONSUMEs
   * keeps them apart from the host's own name and colons.
   */
  private readonly valueAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => (this.is(1, NumberLiteral) || this.is(1, QuantityLiteral)) && this.is(2, DotDot),
        ALT: () => this.SUBRULE(this.range),
      },
      { ALT: () => this.CONSUME3(NumericLiteral, LABELS.numeric) },
      { ALT: () => this.CONSUME3(StringLiteral, LABELS.string) },
      { GATE: () => this.is(1, Identifier) && this.is(2, LParen), ALT: () => this.SUBRULE(this.call) },
      { GATE: () => this.isEquationStart(), ALT: () => this.SUBRULE(this.equation) },
      // A one-word ref (`least_connections`, `user_id`), without a ref node of its own.
      { GATE: () => this.is(1, Identifier) && !this.is(2, Dot), ALT: () => this.CONSUME3(Identifier, LABELS.word) },
      { GATE: () => this.is(1, Identifier), ALT: () => this.SUBRULE(this.ref) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.map) },
    ],
  };


  private isEquationStart(): boolean {
    if (!this.is(1, Identifier)) return false;
    let i = 2;
    while (this.is(i, Dot) && this.is(i + 1, Identifier)) i += 2;
    return this.is(i, Equals);
  }

  public range = this.RULE('range', () => {
    this.CONSUME(NumericLiteral, LABELS.from);
    this.CONSUME(DotDot);
    this.OPTION({ GATE: () => this.is(1, NumberLiteral) || this.is(1, QuantityLiteral), DEF: () => this.CONSUME2(NumericLiteral, LABELS.to) });
  });

  public call = this.RULE('call', () => {
    this.CONSUME(Identifier, LABELS.name);
    this.CONSUME(LParen, LABELS.open);
    this.SUBRULE(this.attrList);
    this.OPTION(() => this.CONSUME(RParen, LABELS.close));
  });

  public equation = this.RULE('equation', () => {
    this.SUBRULE(this.ref, LABELS.left);
    this.CONSUME(Equals);
    this.OPTION({ GATE: () => this.is(1, Identifier) && !this.is(2, Colon), DEF: () => this.SUBRULE2(this.ref, LABELS.right) });
  });

  public list = this.RULE('list', () => {
    this.CONSUME(LBracket, LABELS.open);
    this.SUBRULE(this.attrList);
    this.OPTION(() => this.CONSUME(RBracket, LABELS.close));
  });

  public map = this.RULE('map', () => {
    this.CONSUME(LCurly, LABELS.open);
    this.SUBRULE(this.body, { ARGS: ['leaf'] });
    this.OPTION(() => this.CONSUME(RCurly, LABELS.close));
  });

  /** Comma-separated attributes; a missing comma ends the list (so `exp(20ms` does not eat the next line). */
  private readonly attrFirst = { GATE: () => this.isValueStart(), DEF: () => this.SUBRULE(this.attr) };
  private readonly attrNext = { GATE: () => this.isValueStart(), DEF: () => this.SUBRULE2(this.attr) };
  private readonly attrMore = () => {
    this.CONSUME(Comma);
    this.OPTION2(this.attrNext);
  };
  public attrList = this.RULE('attrList', () => {
    this.OPTION(this.attrFirst);
    this.MANY(this.attrMore);
  });

  private readonly attrName = {
    GATE: () => this.is(1, Identifier) && this.is(2, Colon),
    DEF: () => {
      this.CONSUME(Identifier, LABELS.name);
      this.CONSUME(Colon);
    },
  };
  private readonly attrValue = { GATE: () => this.isValueStart(), DEF: () => this.OR(this.valueAlts) };
  public attr = this.RULE('attr', () => {
    this.OPTION(this.attrName);
    this.OPTION2(this.attrValue);
  });
}

/** One reused parser instance (chevrotain's recommendation: construction is costly). */
export const parser = new SysdesignCstParser();

export function parseTokens(tokens: IToken[], text = ''): { cst: CstNode; errors: { message: string; token: IToken }[] } {
  parser.earlyCloses = findEarlyCloses(tokens);
  parser.text = text;
  parser.input = tokens;
  const cst = parser.file();
  const errors = parser.errors.map((e) => ({ message: e.message, token: e.token }));
  // Let go of this document: the shared parser would otherwise keep its tokens
  // (and through them its text) alive until the next parse.
  parser.earlyCloses = new Set();
  parser.text = '';
  parser.input = [];
  return { cst, errors };
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
  for (const t of tokens) {
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
