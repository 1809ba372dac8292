// Identifiers in text (pure): whether a text someone wrote (a penalty's summary, a name, a case number)
// carries an identifier that has a field of its own, however it was written. Free text refuses them at
// ingestion (records: `record.identifier_in_text`): an identifier in prose escapes the encryption, the
// keyed index and the masking its own field gets, and would be published as written.
//
// What counts, by its own check, never by shape alone (so amounts, dates and case numbers pass):
// - a resident identity number (GB 11643): 17 digits and a check character that matches, a real birth
//   date from 1900 on, an address code not starting with 0;
// - a Unified Social Credit Code (GB 32100): 18 characters of its alphabet, the division code in digits,
//   the check character matching (the inner GB 11714 check is not required: real registries hold codes
//   failing it);
// - a passport or travel permit number of the mainland's shape: E, G, D, S or P and 8 digits, E, a letter
//   and 7 digits; C, H or M and 8 digits (the permits for Hong Kong, Macao and the mainland).
// However written: fullwidth or other compatibility digits and letters (NFKC: ０, ①, 𝟏), lower case, and
// separators between the groups (spaces of any width, hyphens and dashes of any kind, invisible
// characters, up to 3 in a row). In prose
// an identifier is a group of its own: it starts and ends where a separator was, where letters meet
// digits, or where the run does (so a longer number is not searched inside). In an id (residentIdOnly)
// every 18-character window is tried: an identity number glued to other characters is still one.
import { parseResidentId } from './resident-id.ts'
import { parseUscc } from './uscc.ts'

export type IdentifierInText = 'resident_id' | 'uscc' | 'passport'

/** Any birth date up to here passes: the detector has no clock, and a date in the future is still a leak. */
const LATEST = new Date('2099-12-31T00:00:00Z')
const SEPARATOR = /[\s\u00ad\u180e\u200b-\u200d\u2060\ufeff\-\u2010-\u2015\u2212\ufe58\ufe63_]/u
const MAX_SEPARATORS = 3
const PASSPORT = /^(?:E[A-HJ-NP-Z]\d{7}|[EGDSPCHM]\d{8})$/
/** Any digit, of any script or form (fullwidth, circled, mathematical bold...): without one there is nothing to find. */
const ANY_DIGIT = /\p{N}/u
/** What NFKC turns into plain digits, letters and spaces: fullwidth forms, other digits, mathematical letters. */
const NEEDS_NFKC = /[\u3000\uff01-\uff5e\u{1d400}-\u{1d7ff}]|(?![0-9])\p{N}/u

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

interface Run {
  text: string
  /** positions (0 to length) where a group starts or ends: a separator dropped, letters meet digits, the run's ends */
  bounds: number[]
  /** the run's start and the positions where separators were dropped */
  gaps: number[]
}

function isLetter(c: number): boolean {
  return c >= 65 && c <= 90
}

/** The shortest run that can hold an identifier (a passport number). */
const SHORTEST = 9

/**
 * The runs of letters and digits in `text` (already NFKC), upper-cased, with the separators between
 * them dropped: "1101 0519-4912 3100 2x" is one run of five groups, "passport E12345678" one of three.
 * Runs too short to hold an identifier are left out.
 */
function runsOf(text: string): Run[] {
  const runs: Run[] = []
  let run = ''
  let bounds: number[] = [0]
  let gaps: number[] = [0]
  let gap = 0
  const close = () => {
    if (run.length >= SHORTEST) {
      bounds.push(run.length)
      runs.push({ text: run, bounds, gaps })
      bounds = [0]
      gaps = [0]
    } else {
      bounds.length = 1
      gaps.length = 1
    }
    run = ''
    gap = 0
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (isAlphanumeric(c)) {
      const upper = c >= 97 ? c - 32 : c
      if (run !== '') {
        const last = run.charCodeAt(run.length - 1)
        if (gap > MAX_SEPARATORS) close()
        else if (gap > 0) {
          bounds.push(run.length)
          gaps.push(run.length)
        } else if (isLetter(last) !== isLetter(upper)) {
          bounds.push(run.length)
        }
      }
      run += String.fromCharCode(upper)
      gap = 0
    } else if (run !== '' && SEPARATOR.test(text[i]!)) {
      gap++
    } else if (run !== '') {
      close()
    }
  }
  close()
  return runs
}

/** A passport's shape as a group of its own, its letter not the end of a word ("CASE12345678" is not one). */
function hasPassport(run: Run): boolean {
  for (const start of run.bounds) {
    const end = start + 9
    if (!run.bounds.includes(end)) continue
    const isWordEnd = start > 0 && !run.gaps.includes(start) && isLetter(run.text.charCodeAt(start - 1))
    if (!isWordEnd && PASSPORT.test(run.text.slice(start, end))) return true
  }
  return false
}

function isResidentId(candidate: string): boolean {
  return candidate.charCodeAt(0) !== 48 && parseResidentId(candidate, LATEST).valid
}

function isUscc(candidate: string): boolean {
  const parsed = parseUscc(candidate)
  return parsed.valid || parsed.problem === 'inner_check'
}

/**
 * The first kind of identifier `text` carries (see the module's comment), or undefined; never the value.
 * `residentIdOnly` looks for resident identity numbers alone: for ids and numbers, where a code may stand.
 */
export function findIdentifierInText(
  text: string,
  options: { residentIdOnly?: boolean } = {},
): IdentifierInText | undefined {
  if (!ANY_DIGIT.test(text)) return undefined
  const all = options.residentIdOnly !== true
  for (const run of runsOf(NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text)) {
    if (all && hasPassport(run)) return 'passport'
    for (let i = 0; i + 18 <= run.text.length; i++) {
      // in prose an identifier is a group of its own; in an id (residentIdOnly) it may be glued to anything
      if (all && !(run.bounds.includes(i) && run.bounds.includes(i + 18))) continue
      const candidate = run.text.slice(i, i + 18)
      if (isResidentId(candidate)) return 'resident_id'
      if (all && isUscc(candidate)) return 'uscc'
    }
  }
  return undefined
}
