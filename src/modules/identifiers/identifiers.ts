// Types shared by every identifier check in this module.

// What is wrong with an identifier, in the order the checks run: a problem further down the list is
// only reported when everything above it is right.
//   length           not 18 characters after trimming
//   alphabet         a character that may not stand at its position
//   birth_date       (resident identity number) not a real date, before 1900-01-01, or in the future
//   check_character  the final check character (position 18) does not match
//   inner_check      (USCC) position 18 matches but the GB 11714 check at position 17 does not
export type IdentifierProblem = 'length' | 'alphabet' | 'birth_date' | 'check_character' | 'inner_check'

// valid: the parsed value. invalid: what is wrong, and `onlyCheckFailed` is true exactly when the
// format is right (length, alphabet, real date) and only the check character(s) fail: an authorised
// government source may then submit the identifier flagged for review. `normalised` is the input
// after trimming (and, for a USCC, upper-casing ASCII letters).
export type IdentifierResult<T> =
  | { valid: true; value: T }
  | { valid: false; problem: IdentifierProblem; onlyCheckFailed: boolean; normalised: string }

export function invalid<T>(problem: IdentifierProblem, normalised: string): IdentifierResult<T> {
  return {
    valid: false,
    problem,
    onlyCheckFailed: problem === 'check_character' || problem === 'inner_check',
    normalised,
  }
}
