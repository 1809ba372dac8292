// Redaction for text that leaves the process as a log line (a URL, a path, an error message): every
// identifier-shaped run is replaced whole by REDACTED, whether it is valid or not. Pure.
//
// A run is a word of letters and digits, written as ASCII, as fullwidth forms (１１０１…, ＸＹ), as digits
// of another form NFKC reads as digits (𝟏, ①), or percent-encoded (%31%31…, %EF%BC%91…, the way a URL
// carries what a browser was given), or digit
// groups with spaces between them (110105 19491231 002X, + or %20 in a query: redacted when together
// they are exactly an identity number). A word is redacted when, read as ASCII in capitals, it:
// - holds 17 digits then a digit or X (a resident identity number, alone or glued to other text), or
//   15 digits or more (the old 15-digit number, a card, any long number);
// - is a Unified Social Credit Code by shape: 18 characters of its alphabet, the 3rd to 8th digits
//   (the check character is not checked: a mistyped code is still somebody's).
// Words shorter than 15 characters, UUIDs (the pseudonymous subject ids) and ordinary text are kept.

export const REDACTED = '[redacted]'

const ASCII_ALNUM = '0-9A-Za-z'
// fullwidth letters and digits, digits of any script or form (mathematical bold, Arabic-Indic...), circled 1-20
const OTHER_ALNUM = '\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\p{Nd}\\u2460-\\u2473'
// the same percent-encoded (UTF-8): ASCII letters and digits, fullwidth (EF BC 90-BA, EF BD 81-9A),
// mathematical digits (F0 9D 9F 8E-BF), circled numbers (E2 91 A0-B3)
const ENCODED_OTHER =
  '%EF%BC%(?:9[0-9]|A[1-9A-F]|B[0-9A])|%EF%BD%(?:8[1-9A-F]|9[0-9A])|%F0%9D%9F%(?:8[E-F]|9[0-9A-F]|A[0-9A-F]|B[0-9A-F])|%E2%91%(?:A[0-9A-F]|B[0-3])'
const ENCODED_ALNUM = `%(?:3[0-9]|4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A])|${ENCODED_OTHER}`
const ENCODED_DIGIT = `%3[0-9]|%58|%78|${ENCODED_OTHER}`
const UNIT = `(?:[${ASCII_ALNUM}${OTHER_ALNUM}]|${ENCODED_ALNUM})`
const DIGIT = `(?:[0-9Xx\\uFF10-\\uFF19\\uFF38\\uFF58\\p{Nd}\\u2460-\\u2473]|${ENCODED_DIGIT})`
const SPACE = '(?:[ +\\u3000]|%20|%2B|%E3%80%80)'
const EDGE = `[${ASCII_ALNUM}${OTHER_ALNUM}%]`
// never from inside a percent escape: in %E5%8F%B891350100M000100Y43 (司 and a code) the code starts at 9, not at B8
const RUN = new RegExp(`(?<!%|%[0-9A-Fa-f])(?:(?<!${EDGE})${DIGIT}+(?:${SPACE}${DIGIT}+)+|${UNIT}+)`, 'giu')

const PERCENT = /%[0-9A-F]{2}(?:%[0-9A-F]{2})*/giu
const LONG_NUMBER = /[0-9]{17}[0-9X]|[0-9]{15}/u
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$/u

const GAP = /[ +\u3000]/u
const GAPS = /[ +\u3000]/gu
const SPACED_NUMBER = /^(?:[0-9]{17}[0-9X]|[0-9]{15})$/u

/** Whether a run (as RUN finds it) is an identifier by shape. */
function isIdentifierShaped(run: string): boolean {
  if (run.length < 15) return false
  const decoded = run.includes('%')
    ? run.replace(PERCENT, (escaped) => {
        try {
          return decodeURIComponent(escaped)
        } catch {
          return escaped
        }
      })
    : run
  const text = decoded.normalize('NFKC').toUpperCase()
  // digit groups with spaces between them: only a whole identity number (not a sentence's numbers)
  if (GAP.test(text)) return SPACED_NUMBER.test(text.replace(GAPS, ''))
  return LONG_NUMBER.test(text) || USCC_SHAPE.test(text)
}

/** `text` with every identifier-shaped run replaced by REDACTED; the same string when there is none. */
export function redactIdentifiers(text: string): string {
  if (text.length < 15) return text
  return text.replace(RUN, (run) => (isIdentifierShaped(run) ? REDACTED : run))
}
