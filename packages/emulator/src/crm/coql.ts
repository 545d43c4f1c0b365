/*
 * The subset of COQL the emulator runs: `select f1, f2 from Module [where …] [order by f [asc|desc], …]
 * [limit n [offset m] | limit m, n]` (Zoho's COQL overview and v8 limitations: keywords case-insensitive, LIMIT
 * default 200 and at most 2,000, OFFSET default 0). WHERE takes = != > < >= <=, like / not like with %,
 * in / not in, between … and …, is null / is not null, joined by and / or with parentheses. Strings are in
 * single quotes (a quote inside escaped with a backslash). Parsing only: coql-eval.ts runs a query.
 */

export type CoqlValue = string | number | boolean | null;

export type CoqlCondition =
  | { kind: 'and' | 'or'; left: CoqlCondition; right: CoqlCondition }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '>' | '<' | '>=' | '<='; value: CoqlValue }
  | { kind: 'like'; field: string; not: boolean; pattern: string }
  | { kind: 'in'; field: string; not: boolean; values: CoqlValue[] }
  | { kind: 'between'; field: string; low: CoqlValue; high: CoqlValue }
  | { kind: 'null'; field: string; not: boolean };

export interface CoqlQuery {
  fields: string[];
  module: string;
  where: CoqlCondition | null;
  orderBy: Array<{ field: string; direction: 'asc' | 'desc' }>;
  limit: number;
  offset: number;
}

/** A query Zoho would refuse to parse; `near` is the text where parsing stopped (SYNTAX_ERROR details). */
export class CoqlSyntaxError extends Error {
  constructor(readonly near: string) {
    super(`error near '${near}'`);
  }
}

/** LIMIT or OFFSET out of range (INVALID_QUERY details `limit` / `offset`). */
export class CoqlLimitError extends Error {
  constructor(
    readonly param: 'limit' | 'offset',
    readonly value: string,
  ) {
    super(`${param} ${value} is out of range`);
  }
}

type Token = { type: 'word' | 'string' | 'number' | 'symbol'; text: string; value?: CoqlValue };

const SYMBOLS = ['!=', '<>', '>=', '<=', '=', '>', '<', '(', ')', ',', '*'];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === "'") {
      let text = '';
      i += 1;
      while (i < input.length && input[i] !== "'") {
        if (input[i] === '\\' && i + 1 < input.length) i += 1;
        text += input[i];
        i += 1;
      }
      if (i >= input.length) throw new CoqlSyntaxError(`'${text}`);
      i += 1;
      tokens.push({ type: 'string', text, value: text });
    } else if (/[0-9-]/.test(ch) && /^-?\d/.test(input.slice(i))) {
      const text = /^-?\d+(?:\.\d+)?/.exec(input.slice(i))?.[0] ?? ch;
      tokens.push({ type: 'number', text, value: Number(text) });
      i += text.length;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const text = /^[A-Za-z0-9_$.]+/.exec(input.slice(i))?.[0] ?? ch;
      tokens.push({ type: 'word', text });
      i += text.length;
    } else {
      const symbol = SYMBOLS.find((s) => input.startsWith(s, i));
      if (!symbol) throw new CoqlSyntaxError(input.slice(i, i + 10));
      tokens.push({ type: 'symbol', text: symbol === '<>' ? '!=' : symbol });
      i += symbol.length;
    }
  }
  return tokens;
}

const MAX_LIMIT = 2000;

export function parseCoql(input: string): CoqlQuery {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word: string, t = peek()) => t?.type === 'word' && t.text.toLowerCase() === word;
  const near = () => peek()?.text ?? input.trim().split(/\s+/).pop() ?? '';
  const expectWord = (word: string) => {
    if (!isWord(word)) throw new CoqlSyntaxError(near());
    pos += 1;
  };
  const identifier = (): string => {
    const t = peek();
    if (t?.type !== 'word' || KEYWORDS.has(t.text.toLowerCase())) throw new CoqlSyntaxError(near());
    pos += 1;
    return t.text;
  };
  const literal = (): CoqlValue => {
    const t = peek();
    if (!t) throw new CoqlSyntaxError(near());
    if (t.type === 'string' || t.type === 'number') {
      pos += 1;
      return t.value ?? null;
    }
    if (isWord('true') || isWord('false')) {
      pos += 1;
      return t.text.toLowerCase() === 'true';
    }
    if (isWord('null')) {
      pos += 1;
      return null;
    }
    throw new CoqlSyntaxError(near());
  };
  const symbol = (text: string) => {
    if (peek()?.type !== 'symbol' || peek()?.text !== text) throw new CoqlSyntaxError(near());
    pos += 1;
  };

  const condition = (): CoqlCondition => {
    let left = term();
    while (isWord('and') || isWord('or')) {
      const kind = (peek()?.text.toLowerCase() ?? 'and') as 'and' | 'or';
      pos += 1;
      left = { kind, left, right: term() };
    }
    return left;
  };
  const term = (): CoqlCondition => {
    if (peek()?.type === 'symbol' && peek()?.text === '(') {
      pos += 1;
      const inner = condition();
      symbol(')');
      return inner;
    }
    const field = identifier();
    const t = peek();
    if (t?.type === 'symbol' && ['=', '!=', '>', '<', '>=', '<='].includes(t.text)) {
      pos += 1;
      return { kind: 'compare', field, op: t.text as '=', value: literal() };
    }
    if (isWord('is')) {
      pos += 1;
      const not = isWord('not');
      if (not) pos += 1;
      expectWord('null');
      return { kind: 'null', field, not };
    }
    const not = isWord('not');
    if (not) pos += 1;
    if (isWord('like')) {
      pos += 1;
      const pattern = literal();
      if (typeof pattern !== 'string') throw new CoqlSyntaxError(near());
      return { kind: 'like', field, not, pattern };
    }
    if (isWord('in')) {
      pos += 1;
      symbol('(');
      const values = [literal()];
      while (peek()?.text === ',') {
        pos += 1;
        values.push(literal());
      }
      symbol(')');
      return { kind: 'in', field, not, values };
    }
    if (!not && isWord('between')) {
      pos += 1;
      const low = literal();
      expectWord('and');
      return { kind: 'between', field, low, high: literal() };
    }
    throw new CoqlSyntaxError(near());
  };
  const count = (param: 'limit' | 'offset', max: number): number => {
    const t = peek();
    if (t?.type !== 'number' || !Number.isInteger(t.value)) throw new CoqlLimitError(param, t?.text ?? '');
    pos += 1;
    const n = t.value as number;
    if (n < (param === 'limit' ? 1 : 0) || n > max) throw new CoqlLimitError(param, t.text);
    return n;
  };

  expectWord('select');
  const fields = [identifier()];
  while (peek()?.text === ',') {
    pos += 1;
    fields.push(identifier());
  }
  expectWord('from');
  const module = identifier();
  let where: CoqlCondition | null = null;
  if (isWord('where')) {
    pos += 1;
    where = condition();
  }
  const orderBy: CoqlQuery['orderBy'] = [];
  if (isWord('order')) {
    pos += 1;
    expectWord('by');
    do {
      if (orderBy.length > 0) pos += 1;
      const field = identifier();
      let direction: 'asc' | 'desc' = 'asc';
      if (isWord('asc') || isWord('desc')) {
        direction = (peek()?.text.toLowerCase() ?? 'asc') as 'asc' | 'desc';
        pos += 1;
      }
      orderBy.push({ field, direction });
    } while (peek()?.text === ',');
  }
  let limit = 200;
  let offset = 0;
  if (isWord('limit')) {
    pos += 1;
    // The first number is an offset in `limit offset, count`, so 0 is valid until the comma says otherwise.
    const first = count('offset', Number.MAX_SAFE_INTEGER);
    if (peek()?.text === ',') {
      pos += 1;
      offset = first;
      limit = count('limit', MAX_LIMIT);
    } else {
      if (first < 1 || first > MAX_LIMIT) throw new CoqlLimitError('limit', String(first));
      limit = first;
      if (isWord('offset')) {
        pos += 1;
        offset = count('offset', Number.MAX_SAFE_INTEGER);
      }
    }
  }
  if (pos < tokens.length) throw new CoqlSyntaxError(near());
  return { fields, module, where, orderBy, limit, offset };
}

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'like',
  'in',
  'between',
  'is',
  'null',
  'order',
  'by',
  'asc',
  'desc',
  'limit',
  'offset',
]);

/** Every field a query names, with the clause it is in (to refuse unknown columns). */
export function coqlColumns(query: CoqlQuery): Array<{ field: string; clause: string }> {
  const inWhere = (c: CoqlCondition | null): string[] => {
    if (c === null) return [];
    return 'field' in c ? [c.field] : [...inWhere(c.left), ...inWhere(c.right)];
  };
  return [
    ...query.fields.map((field) => ({ field, clause: 'select' })),
    ...inWhere(query.where).map((field) => ({ field, clause: 'where' })),
    ...query.orderBy.map(({ field }) => ({ field, clause: 'order by' })),
  ];
}
