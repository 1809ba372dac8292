// Resident identity number (GB 11643-1999), check character by ISO 7064 MOD 11-2.
// Runs on every ingested record: charCodeAt and lookup tables, no regexes, no Date objects.
import { chinaDayNumber, daysFromCivil, isCalendarDate } from '../../platform/calendar.ts'
import { invalid } from './identifiers.ts'
import type { IdentifierResult } from './identifiers.ts'

export interface ResidentId {
  number: string
  addressCode: string // positions 1-6
  birthDate: string // YYYY-MM-DD, from positions 7-14
  sex: 'male' | 'female' // from the parity of the sequence at positions 15-17
}

export const RESIDENT_ID_LENGTH = 18
export const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export const RESIDENT_ID_CHECK_CHARACTERS = '10X98765432'
export const EARLIEST_BIRTH_DATE = '1900-01-01'

const W = Int32Array.from(RESIDENT_ID_WEIGHTS)
// Char code of the check character for each value of sum mod 11.
const CHECK_CODE = Int32Array.from(RESIDENT_ID_CHECK_CHARACTERS, (ch) => ch.charCodeAt(0))
const EARLIEST_DAY = daysFromCivil(1900, 1, 1)

const CODE_0 = 48
const CODE_9 = 57
const CODE_X = 88
const CODE_LOWER_X = 120

/** The birth date (YYYY-MM-DD) a stored, normalised resident identity number carries at positions 7-14. */
export function birthDateOf(residentId: string): string {
  return `${residentId.slice(6, 10)}-${residentId.slice(10, 12)}-${residentId.slice(12, 14)}`
}

// Sum of digit x weight over positions 1-17 (the worked example gives 167). Throws on a bad input.
export function residentIdWeightedSum(first17: string): number {
  if (first17.length !== 17) throw new RangeError('expected the first 17 digits of a resident identity number')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - CODE_0
    if (!(d >= 0 && d <= 9)) throw new RangeError(`not a digit at position ${i + 1}`)
    sum += d * (W[i] ?? 0)
  }
  return sum
}

export function residentIdCheckCharacter(first17: string): string {
  return RESIDENT_ID_CHECK_CHARACTERS.charAt(residentIdWeightedSum(first17) % 11)
}

function digits(s: string, from: number, count: number): number {
  let n = 0
  for (let i = from; i < from + count; i++) n = n * 10 + (s.charCodeAt(i) - CODE_0)
  return n
}

// `today` is read as a calendar day in China Standard Time (UTC+8); a birth date on that day is valid.
// Throws a RangeError only when `today` is an invalid Date (a programming error, not bad input).
export function parseResidentId(input: string, today: Date): IdentifierResult<ResidentId> {
  const todayDay = chinaDayNumber(today)
  let number = input.trim()
  if (number.length !== RESIDENT_ID_LENGTH) return invalid('length', number)
  let last = number.charCodeAt(17)
  if (last === CODE_LOWER_X) {
    number = number.slice(0, 17) + 'X'
    last = CODE_X
  }

  let sum = 0
  for (let i = 0; i < 17; i++) {
    const d = number.charCodeAt(i) - CODE_0
    if (!(d >= 0 && d <= 9)) return invalid('alphabet', number)
    sum += d * (W[i] ?? 0)
  }
  if (!((last >= CODE_0 && last <= CODE_9) || last === CODE_X)) return invalid('alphabet', number)

  const year = digits(number, 6, 4)
  const month = digits(number, 10, 2)
  const day = digits(number, 12, 2)
  if (!isCalendarDate(year, month, day)) return invalid('birth_date', number)
  const birthDay = daysFromCivil(year, month, day)
  if (birthDay < EARLIEST_DAY || birthDay > todayDay) return invalid('birth_date', number)

  if (last !== CHECK_CODE[sum % 11]) return invalid('check_character', number)

  return {
    valid: true,
    value: {
      number,
      addressCode: number.slice(0, 6),
      birthDate: birthDateOf(number),
      sex: (number.charCodeAt(16) - CODE_0) % 2 === 1 ? 'male' : 'female',
    },
  }
}
