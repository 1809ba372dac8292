/**
 * One fold of text for matching (pure): two texts that a reader takes for the same words fold to the
 * same string, however they were written. It is for comparing, never for showing.
 *
 * In order:
 * 1. Unicode compatibility decomposition (NFKD): fullwidth 'Ｒｅｌｉｇｉｏｎ', mathematical '𝐫𝐞𝐥𝐢𝐠𝐢𝐨𝐧', ligatures,
 *    circled and compatibility ideographs become plain letters; letters with accents split into
 *    letter and marks. (NFKD of a text and of its NFKC form are the same, so NFKC-equal texts fold equal.)
 * 2. Invisible characters and marks removed: general category Cf (zero-width spaces and joiners,
 *    direction marks, soft hyphen, tags), every default-ignorable code point (the Hangul fillers
 *    U+115F, U+1160, U+3164, U+FFA0, variation selectors, the combining grapheme joiner) and every
 *    combining mark (so 'é' and 'e' and a look-alike carrying a stray mark all fold to 'e').
 * 3. Composition again (NFC), which only rejoins Hangul syllables at this point.
 * 4. Look-alike letters of other scripts (Cyrillic 'а', Greek 'ο', Armenian, Cherokee, Lisu ...) to
 *    the Latin letter they look like, and CJK radicals and katakana to the Han character they look
 *    like (⺠ to 民, エ to 工), from Unicode's confusables data (./confusables.ts).
 * 5. Traditional Chinese to simplified (OpenCC's t2s, phrase-aware), only when the text has Han.
 * 6. Lowercase (and look-alikes again, for letters that only look Latin in lowercase).
 * 7. Separators collapsed: every run of spaces, controls, underscores, hyphens and dashes becomes one
 *    space, and none is left at either end.
 *
 * `foldText` is idempotent (folding a folded text changes nothing): fold.test.ts checks it and the
 * other properties with generated text.
 */
import OpenCC from 'opencc-js/t2cn'
import { CONFUSABLE_HAN, CONFUSABLE_LATIN } from './confusables.ts'

// Cf, default ignorables (which include the Hangul fillers and variation selectors) and all marks.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}]+/gu
const HAS_INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}]/u
const HAS_HAN = /\p{sc=Han}/u
const NOT_ASCII = /[^\p{ASCII}]/u
const SEPARATORS = /[\s\p{Z}\p{Cc}\p{Pc}\p{Pd}\u2800]+/gu

/** Look-alike -> the Latin letter (case kept: Cyrillic 'В' -> 'B') or Han character it looks like. */
const CONFUSABLE = new Map<string, string>()
for (const line of [...CONFUSABLE_LATIN, ...CONFUSABLE_HAN]) {
  for (const pair of line.split(' ')) {
    const [source, target] = [...pair]
    if (source !== undefined && target !== undefined) CONFUSABLE.set(source, target)
  }
}
const CONFUSABLE_CHARS = new RegExp(`[${[...CONFUSABLE.keys()].join('')}]`, 'gu')

/** Every look-alike letter listed for a Latin letter (for tests and for readers of the table). */
export function confusablesOf(latin: string): string[] {
  const out: string[] = []
  for (const [source, target] of CONFUSABLE) if (target.toLowerCase() === latin.toLowerCase()) out.push(source)
  return out
}

const replaceConfusable = (ch: string): string => CONFUSABLE.get(ch) ?? ch

// Built on first use: building the converter's dictionaries takes tens of milliseconds.
let toSimplified: ((text: string) => string) | undefined

// OpenCC's tables have a few chains (薴 -> 苧 -> 苎): convert until nothing changes, so the fold stays idempotent.
function simplified(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }))
  let s = text
  for (let i = 0; i < 4; i++) {
    const next = convert(s)
    if (next === s) break
    s = next
  }
  return s
}

/**
 * Steps 1 to 5 of the fold: letters keep their case, so camelCase word boundaries can still be seen,
 * and separators are left as they are.
 */
export function foldKeepingCase(text: string): string {
  if (!NOT_ASCII.test(text)) return text
  let s = text.normalize('NFKD')
  if (HAS_INVISIBLE.test(s)) s = s.replace(INVISIBLE, '')
  s = s.normalize('NFC').replace(CONFUSABLE_CHARS, replaceConfusable)
  if (HAS_HAN.test(s)) s = simplified(s)
  return s
}

/** Lowercase, then look-alikes that only a lowercase letter has ('Ѕ' -> 'ѕ' -> 's'). */
export function lowercaseFolded(folded: string): string {
  const lower = folded.toLowerCase()
  if (!NOT_ASCII.test(lower)) return lower
  return lower.replace(CONFUSABLE_CHARS, replaceConfusable).toLowerCase()
}

/** The fold for matching: see the module's comment. */
export function foldText(text: string): string {
  return lowercaseFolded(foldKeepingCase(text)).replace(SEPARATORS, ' ').trim()
}
