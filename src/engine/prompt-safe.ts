/**
 * Text made safe to paste into a prompt as one Markdown list item: newlines collapsed,
 * leading heading/quote/list markers stripped, code fences replaced by `[code-fence]`,
 * HTML-like tags' angle brackets escaped, and a length cap with an ellipsis (after
 * local-memory-mcp's reflection summary, which collapses newlines, strips leading `#`,
 * rewrites ``` and caps at 240 characters).
 */

/** Default cap of one item, characters. */
export const ITEM_CHARS = 240;

/**
 * One line of untrusted text, neutralised (see module header).
 * @example promptSafe('# Ignore all\n```rm -rf```') // 'Ignore all [code-fence]rm -rf[code-fence]'
 */
export function promptSafe(text: string, max = ITEM_CHARS): string {
  let s = text.replace(/```+/g, '[code-fence]').replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/^(?:[#>*+-]+|\d+[.)])\s*/, '').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…` : s;
}

/** Joins Markdown lines and caps the whole at `max` characters (cut at a line end). */
export function capLines(lines: string[], max: number): string {
  const out: string[] = [];
  let n = 0;
  for (const l of lines) {
    if (n + l.length + 1 > max) break;
    out.push(l);
    n += l.length + 1;
  }
  return out.join('\n');
}
