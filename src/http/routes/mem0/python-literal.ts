/**
 * Reads a JSON-like value sent as a query string by mem0's Python client. httpx turns a
 * dict query parameter into its Python `repr` (`delete_all(filters={"user_id": "a"})` sends
 * `filters={'user_id': 'a'}`), so mnemo accepts JSON or a Python literal made of dicts,
 * lists, tuples, quoted strings (single or double, with backslash escapes), integers,
 * floats, `True`, `False` and `None`. Nothing is evaluated.
 *
 * Failure contract: `parseQueryLiteral` throws `MnemoError('INVALID_INPUT')` naming the
 * field and the position of the first unreadable character.
 */
import { MnemoError } from '../../../core/errors.js';

/** Deepest nesting accepted (filters never need more; bounds the recursion). */
const MAX_DEPTH = 32;

/**
 * `text` as a value: JSON first, else a Python literal.
 * @example parseQueryLiteral("{'user_id': 'alice', 'AND': [{'run_id': None}]}", 'filters') // { user_id: 'alice', AND: [{ run_id: null }] }
 * @throws MnemoError INVALID_INPUT naming `field`.
 */
export function parseQueryLiteral(text: string, field: string): unknown {
  try { return JSON.parse(text); } catch { /* not JSON: try a Python literal */ }
  const p = new Parser(text, field);
  const value = p.value(0);
  p.end();
  return value;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string, private readonly field: string) {}

  private fail(what: string): never {
    throw new MnemoError('INVALID_INPUT', `${this.field} in the query string is neither JSON nor a Python literal: ${what} at character ${this.i}`);
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  end(): void {
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text');
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.ws();
    const ch = this.s[this.i];
    if (ch === '{') return this.dict(depth);
    if (ch === '[' || ch === '(') return this.list(depth, ch === '[' ? ']' : ')');
    if (ch === "'" || ch === '"') return this.str();
    const word = /^(True|False|None|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i));
    if (!word) this.fail('unexpected character');
    this.i += word[1]!.length;
    return word[1] === 'True' ? true : word[1] === 'False' ? false : word[1] === 'None' ? null : Number(word[1]);
  }

  private dict(depth: number): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') { this.i++; return { ...out }; }
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      out[key] = this.value(depth + 1);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail('expected "," or "}"');
    }
  }

  private list(depth: number, close: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) { this.i++; return out; }
      out.push(this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail(`expected "," or "${close}"`);
    }
  }

  private str(): string {
    const quote = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length) {
      const ch = this.s[this.i++]!;
      if (ch === quote) return out;
      if (ch !== '\\') { out += ch; continue; }
      const esc = this.s[this.i++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
      if (esc !== undefined && esc in simple) out += simple[esc];
      else if (esc === 'x' || esc === 'u') {
        const len = esc === 'x' ? 2 : 4;
        const hex = this.s.slice(this.i, this.i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('bad escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += len;
      } else this.fail('bad escape');
    }
    return this.fail('unterminated string');
  }
}
