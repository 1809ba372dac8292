// Deterministic generators of valid identifiers for tests, demo data and benchmarks. Built for
// millions of calls: integer arithmetic and lookup tables, no regexes, no per-character arrays.
import { civilFromDays, daysFromCivil, isCalendarDate } from '../../platform/calendar.ts'
import { RESIDENT_ID_CHECK_CHARACTERS, RESIDENT_ID_WEIGHTS } from './resident-id.ts'
import {
  ORGANISATION_CODE_WEIGHTS,
  USCC_ALPHABET,
  USCC_WEIGHTS,
  organisationCheckCharCode,
  organisationCodeValue,
  usccCheckValue,
  usccValue,
} from './uscc.ts'

import { seededRandom } from '../../platform/random.ts'

export { seededRandom }

// A uniform integer in [0, n).
function randomInt(random: () => number, n: number): number {
  const r = random()
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a float in [0, 1), got ${r}`)
  return Math.floor(r * n)
}

// GB/T 2260 province-level prefixes, so generated division and address codes look plausible.
const PROVINCES: readonly number[] = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65,
]

const CODE_0 = 48

// Every identifier is assembled as char codes in this one reused buffer, then turned into a flat
// string in a single String.fromCharCode call: no per-character strings or arrays.
const BUF: number[] = new Array<number>(18).fill(CODE_0)

function toString18(): string {
  return String.fromCharCode.apply(null, BUF)
}

// Writes `value` as `width` decimal digits into BUF at `at`.
function writeDigits(at: number, value: number, width: number): void {
  for (let i = at + width - 1; i >= at; i--) {
    BUF[i] = CODE_0 + (value % 10)
    value = Math.floor(value / 10)
  }
}

// Writes a plausible 6-digit region code (real province prefix, random rest) into BUF at `at`.
function writeRegionCode(random: () => number, at: number): void {
  writeDigits(at, (PROVINCES[randomInt(random, PROVINCES.length)] ?? 11) * 10000 + randomInt(random, 10000), 6)
}

function writeString(at: number, s: string): void {
  for (let i = 0; i < s.length; i++) BUF[at + i] = s.charCodeAt(i)
}

function isDigits(s: string, length: number): boolean {
  if (s.length !== length) return false
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

// Registration authority and category pairs drawn when neither is given, weighted towards the
// market-regulation register as in reality; every organisation type occurs.
const DEFAULT_KINDS: readonly string[] = [
  '91',
  '91',
  '91',
  '91',
  '91',
  '91',
  '92',
  '92',
  '92',
  '92',
  '92',
  '92',
  '93',
  '11',
  '12',
  '51',
  '52',
  '53',
  'Y1',
]
// Categories drawn when only the registration authority is given.
const CATEGORIES_BY_AUTHORITY: Readonly<Record<string, string>> = {
  '1': '1239',
  '5': '1239',
  '9': '123',
}

const ALPHABET_CODES = Int32Array.from(USCC_ALPHABET, (ch) => ch.charCodeAt(0))
const UW = Int32Array.from(USCC_WEIGHTS)
const OW = Int32Array.from(ORGANISATION_CODE_WEIGHTS)
// For each USCC alphabet index, its GB 11714 value (0-35).
const ORGANISATION_VALUE_OF_INDEX = Int32Array.from(ALPHABET_CODES, (c) => organisationCodeValue(c))

function oneUsccCharacter(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  if (value.length !== 1 || usccValue(value.charCodeAt(0)) < 0) {
    throw new RangeError(`${name} must be one character of ${USCC_ALPHABET}`)
  }
  return value
}

// A valid USCC: both the final check (position 18) and the GB 11714 check (position 17) hold.
// Positions 9-16 are drawn from the USCC alphabet; the GB 11714 check character is always 0-9 or X,
// which are all in the USCC alphabet, so no redraw is ever needed.
export function makeUscc(
  random: () => number,
  opts: { registrationAuthority?: string; category?: string; divisionCode?: string } = {},
): string {
  let authority = oneUsccCharacter(opts.registrationAuthority, 'registrationAuthority')
  let category = oneUsccCharacter(opts.category, 'category')
  if (opts.divisionCode !== undefined && !isDigits(opts.divisionCode, 6)) {
    throw new RangeError('divisionCode must be 6 digits')
  }
  if (authority === undefined && category === undefined) {
    const kind = DEFAULT_KINDS[randomInt(random, DEFAULT_KINDS.length)] ?? '91'
    authority = kind.charAt(0)
    category = kind.charAt(1)
  } else if (authority === undefined) {
    authority = '9'
  } else if (category === undefined) {
    const choices = CATEGORIES_BY_AUTHORITY[authority] ?? '1'
    category = choices.charAt(randomInt(random, choices.length))
  }
  BUF[0] = authority.charCodeAt(0)
  BUF[1] = (category ?? '1').charCodeAt(0)
  if (opts.divisionCode === undefined) writeRegionCode(random, 2)
  else writeString(2, opts.divisionCode)

  let sum = 0
  for (let i = 0; i < 8; i++) sum += usccValue(BUF[i] ?? 0) * (UW[i] ?? 0)
  let orgSum = 0
  for (let i = 0; i < 8; i++) {
    const v = randomInt(random, 31)
    BUF[8 + i] = ALPHABET_CODES[v] ?? CODE_0
    sum += v * (UW[8 + i] ?? 0)
    orgSum += (ORGANISATION_VALUE_OF_INDEX[v] ?? 0) * (OW[i] ?? 0)
  }
  const orgCheck = organisationCheckCharCode(orgSum)
  BUF[16] = orgCheck
  sum += usccValue(orgCheck) * (UW[16] ?? 0)
  BUF[17] = ALPHABET_CODES[usccCheckValue(sum)] ?? CODE_0
  return toString18()
}

const RW = Int32Array.from(RESIDENT_ID_WEIGHTS)
const CHECK_CODES = Int32Array.from(RESIDENT_ID_CHECK_CHARACTERS, (ch) => ch.charCodeAt(0))
const DEFAULT_BIRTH_FIRST_DAY = daysFromCivil(1940, 1, 1)
const DEFAULT_BIRTH_DAY_COUNT = daysFromCivil(2005, 12, 31) - DEFAULT_BIRTH_FIRST_DAY + 1

// 'YYYY-MM-DD' (a real date, not before 1900-01-01) -> YYYYMMDD as an integer.
function packedBirthDate(date: string): number {
  const ok =
    date.length === 10 &&
    date.charCodeAt(4) === 45 &&
    date.charCodeAt(7) === 45 &&
    isDigits(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10), 8)
  const year = ok ? Number(date.slice(0, 4)) : 0
  const month = ok ? Number(date.slice(5, 7)) : 0
  const day = ok ? Number(date.slice(8, 10)) : 0
  if (!ok || year < 1900 || !isCalendarDate(year, month, day)) {
    throw new RangeError('birthDate must be a real date YYYY-MM-DD, not before 1900-01-01')
  }
  return year * 10000 + month * 100 + day
}

// A valid resident identity number. Without `birthDate`, the birth date is drawn from 1940-01-01 to
// 2005-12-31 (fixed, so the output never depends on the current date); a given `birthDate` is not
// checked against today. The sequence is 001-999, odd for male and even for female.
export function makeResidentId(
  random: () => number,
  opts: { addressCode?: string; birthDate?: string; sex?: 'male' | 'female' } = {},
): string {
  if (opts.addressCode !== undefined && !isDigits(opts.addressCode, 6)) {
    throw new RangeError('addressCode must be 6 digits')
  }
  const birth =
    opts.birthDate === undefined
      ? civilFromDays(DEFAULT_BIRTH_FIRST_DAY + randomInt(random, DEFAULT_BIRTH_DAY_COUNT))
      : packedBirthDate(opts.birthDate)
  if (opts.addressCode === undefined) writeRegionCode(random, 0)
  else writeString(0, opts.addressCode)
  writeDigits(6, birth, 8)
  const sex = opts.sex ?? (randomInt(random, 2) === 0 ? 'male' : 'female')
  writeDigits(14, sex === 'male' ? 2 * randomInt(random, 500) + 1 : 2 * randomInt(random, 499) + 2, 3)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ((BUF[i] ?? CODE_0) - CODE_0) * (RW[i] ?? 0)
  BUF[17] = CHECK_CODES[sum % 11] ?? CODE_0
  return toString18()
}
