// Unified Social Credit Code (GB 32100-2015) with its embedded organisation code (GB 11714).
// Runs on every ingested record: the loops use charCodeAt and lookup tables, no regexes.
import { invalid } from './identifiers.ts'
import type { IdentifierResult } from './identifiers.ts'

export type OrganisationType =
  | 'public_body'
  | 'enterprise'
  | 'individual_business'
  | 'cooperative'
  | 'social_organisation'
  | 'other_organisation'

export interface Uscc {
  code: string
  registrationAuthority: string // position 1
  category: string // position 2
  divisionCode: string // positions 3-8, GB/T 2260 administrative division (6 digits)
  organisationCode: string // positions 9-17, GB 11714 code including its check character
  organisationType: OrganisationType
}

// 31 characters, no I O S V Z; a character's value is its index (0-30).
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const USCC_LENGTH = 18

// Weights of positions 1-17: 3^(i-1) mod 31.
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1
  for (let k = 0; k < i; k++) w = (w * 3) % 31
  return w
})

// GB 11714: weights of the 8 body characters; characters 0-9A-Z valued 0-35.
export const ORGANISATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2]

// Lookup tables indexed by char code; -1 marks a character outside the alphabet.
const USCC_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < USCC_ALPHABET.length; i++) USCC_VALUE[USCC_ALPHABET.charCodeAt(i)] = i
const ORGANISATION_VALUE = new Int8Array(128).fill(-1)
for (let c = 48; c <= 57; c++) ORGANISATION_VALUE[c] = c - 48 // 0-9
for (let c = 65; c <= 90; c++) ORGANISATION_VALUE[c] = c - 55 // A-Z -> 10-35
const W = Int32Array.from(USCC_WEIGHTS)
const OW = Int32Array.from(ORGANISATION_CODE_WEIGHTS)

const CODE_0 = 48
const CODE_9 = 57
const CODE_X = 88

// The value of a USCC character, or -1. Any char code (also > 127) is safe: out of range reads -1.
export function usccValue(charCode: number): number {
  return USCC_VALUE[charCode] ?? -1
}

// The GB 11714 value (0-35) of a character 0-9A-Z, or -1.
export function organisationCodeValue(charCode: number): number {
  return ORGANISATION_VALUE[charCode] ?? -1
}

// Sum of value x weight over positions 1-17 (the worked example gives 1640). Throws on a bad input.
export function usccWeightedSum(first17: string): number {
  if (first17.length !== 17) throw new RangeError('expected the first 17 characters of a USCC')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_VALUE[first17.charCodeAt(i)] ?? -1
    if (v < 0) throw new RangeError(`not a USCC character at position ${i + 1}`)
    sum += v * (W[i] ?? 0)
  }
  return sum
}

// Value (0-30) of the check character for a weighted sum: 31 - (sum mod 31), 31 -> 0.
export function usccCheckValue(sum: number): number {
  const r = 31 - (sum % 31)
  return r === 31 ? 0 : r
}

export function usccCheckCharacter(first17: string): string {
  return USCC_ALPHABET.charAt(usccCheckValue(usccWeightedSum(first17)))
}

// Sum of value x weight over the 8 body characters of an organisation code (0-9A-Z).
export function organisationCodeWeightedSum(first8: string): number {
  if (first8.length !== 8) throw new RangeError('expected the first 8 characters of an organisation code')
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const v = ORGANISATION_VALUE[first8.charCodeAt(i)] ?? -1
    if (v < 0) throw new RangeError(`not an organisation code character at position ${i + 1}`)
    sum += v * (OW[i] ?? 0)
  }
  return sum
}

// Char code of the GB 11714 check character for a weighted sum: 11 - (sum mod 11), 10 -> X, 11 -> 0.
// The result is always 0-9 or X, and all eleven are in the USCC alphabet.
export function organisationCheckCharCode(sum: number): number {
  const r = 11 - (sum % 11)
  return r === 11 ? CODE_0 : r === 10 ? CODE_X : CODE_0 + r
}

export function organisationCodeCheckCharacter(first8: string): string {
  return String.fromCharCode(organisationCheckCharCode(organisationCodeWeightedSum(first8)))
}

// The organisation type from positions 1 (registration authority) and 2 (category) of a USCC. Takes a
// whole code (or at least its first two characters), so it also serves a code whose check characters
// failed but whose format is right (see IdentifierResult.onlyCheckFailed).
export function organisationTypeOf(code: string): OrganisationType {
  switch (code.charAt(0)) {
    case '1': // 机构编制: organs, public institutions
      return 'public_body'
    case '5': // 民政: civil affairs
      return 'social_organisation'
    case '9': // 工商 / market regulation
      switch (code.charAt(1)) {
        case '1':
          return 'enterprise'
        case '2':
          return 'individual_business'
        case '3':
          return 'cooperative'
        default:
          return 'other_organisation'
      }
    default:
      return 'other_organisation'
  }
}

// Trim, then upper-case ASCII letters only (String#toUpperCase would turn e.g. 'ﬀ' into 'FF').
function normaliseUscc(input: string): string {
  const s = input.trim()
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) return s.replace(/[a-z]+/g, (m) => m.toUpperCase()) // rare path
  }
  return s
}

export function parseUscc(input: string): IdentifierResult<Uscc> {
  const code = normaliseUscc(input)
  if (code.length !== USCC_LENGTH) return invalid('length', code)

  let sum = 0
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i)
    const v = USCC_VALUE[c] ?? -1
    if (v < 0) return invalid('alphabet', code)
    if (i >= 2 && i < 8 && (c < CODE_0 || c > CODE_9)) return invalid('alphabet', code) // division: digits
    sum += v * (W[i] ?? 0)
  }
  const check = USCC_VALUE[code.charCodeAt(17)] ?? -1
  if (check < 0) return invalid('alphabet', code)
  if ((sum + check) % 31 !== 0) return invalid('check_character', code)

  // Positions 9-16 are USCC characters, hence all valid 0-9A-Z characters.
  let orgSum = 0
  for (let i = 0; i < 8; i++) orgSum += (ORGANISATION_VALUE[code.charCodeAt(8 + i)] ?? 0) * (OW[i] ?? 0)
  if (code.charCodeAt(16) !== organisationCheckCharCode(orgSum)) return invalid('inner_check', code)

  return {
    valid: true,
    value: {
      code,
      registrationAuthority: code.charAt(0),
      category: code.charAt(1),
      divisionCode: code.slice(2, 8),
      organisationCode: code.slice(8, 17),
      organisationType: organisationTypeOf(code),
    },
  }
}
