export type CopyValue = string | number | bigint | boolean | null | undefined

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/**
 * One row in PostgreSQL COPY text format (default options: tab delimiter, `\N` for null), ending
 * with "\n". Backslash, tab, newline and carriage return are escaped, so the only raw tabs are the
 * values.length - 1 delimiters. null and undefined become `\N`; booleans `t`/`f`; numbers and
 * bigints their decimal text (NaN and ±Infinity as PostgreSQL spells them).
 *
 * Throws RangeError for a string containing U+0000: PostgreSQL text cannot hold it, and silently
 * dropping or altering a character of a credit record is worse than refusing the row.
 */
export function copyTextRow(values: readonly CopyValue[]): string {
  let out = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += '\t'
    out += copyField(values[i])
  }
  return out + '\n'
}

function copyField(v: CopyValue): string {
  switch (typeof v) {
    case 'string':
      if (v.includes('\0')) throw new RangeError('a NUL character cannot be stored in PostgreSQL text')
      return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, escapeChar) : v
    case 'number':
      return String(v)
    case 'bigint':
      return v.toString()
    case 'boolean':
      return v ? 't' : 'f'
    case 'undefined':
      return '\\N'
    case 'object':
      if (v === null) return '\\N'
      throw new TypeError('unsupported COPY value')
    default:
      throw new TypeError('unsupported COPY value')
  }
}

function escapeChar(c: string): string {
  return ESCAPES[c] ?? c
}
