// Numbers as they were written, against what a double holds. JSON.parse turns 9007199254740993 into
// 9007199254740992 and 0.10000000000000000555 into 0.1 without a word, so a record would be stored (and
// hashed, and shown) with a number its source never sent. These find such a number before it is lost:
// an integer beyond Number.MAX_SAFE_INTEGER (however written: 1e20 too), a number beyond a double's
// range, or a decimal with more significant digits than the double it becomes keeps.
import { pointer } from '../app-error.ts'

/** Whether the number written `source` is held exactly by the double `value` it parses to. */
export function isExactNumber(source: string, value: number): boolean {
  if (!Number.isFinite(value)) return false
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return false
  return canonical(source) === canonical(String(value))
}

const NUMBER = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** A decimal number as sign, significant digits and exponent: 1.50, 15e-1 and 1.5 are all "1.5" alike. */
function canonical(text: string): string {
  const m = NUMBER.exec(text.trim())
  if (m === null) return text
  const [, sign, whole = '', fraction = '', exponent = '0'] = m
  let digits = (whole + fraction).replace(/^0+/, '')
  let exp = Number(exponent) - fraction.length
  if (digits === '') return '0'
  const trailing = digits.length - digits.replace(/0+$/, '').length
  digits = digits.slice(0, digits.length - trailing)
  exp += trailing
  return `${sign}${digits}e${exp}`
}

/**
 * Only a number token (after `:`, `,`, `[` or at the start) with 16 or more digits or an exponent can be
 * inexact: other text, identity numbers in strings included, is not parsed again.
 */
const SUSPECT = /(?:^|[:,[])\s*-?(?:\d[\d.]{15}|[\d.]+[eE])/

const INEXACT = Symbol('inexact')

export const INEXACT_MESSAGE =
  'a number with more digits than is kept exactly (integers up to 9007199254740991, about 15 significant digits): send it as a string field if the kind has one, or rounded'

/**
 * The JSON pointer of the first number in the JSON text `text` that a double does not hold exactly
 * (see isExactNumber), or undefined. `text` must be valid JSON (parse it first).
 */
export function findInexactNumber(text: string): string | undefined {
  if (!SUSPECT.test(text)) return undefined
  let found = false
  const parsed: unknown = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === 'number' && context?.source !== undefined && !isExactNumber(context.source, value)) {
      found = true
      return INEXACT
    }
    return value
  })
  return found ? pointerTo(parsed, INEXACT) : undefined
}

function pointerTo(value: unknown, target: unknown): string | undefined {
  const path = pathTo(value, target)
  return path === undefined ? undefined : pointer(...path)
}

function pathTo(value: unknown, target: unknown): string[] | undefined {
  if (value === target) return []
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, inner] of Object.entries(value)) {
    const rest = pathTo(inner, target)
    if (rest !== undefined) return [key, ...rest]
  }
  return undefined
}
