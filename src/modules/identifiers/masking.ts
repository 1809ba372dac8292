// Masks for showing identifiers and names to anyone but the subject. Both fail closed: input that
// does not have the expected shape is masked entirely, and neither function ever throws.

const CODE_0 = 48
const CODE_9 = 57
const CODE_X = 88
const CODE_LOWER_X = 120
const STARS_8 = '********'

function isResidentIdShape(s: string): boolean {
  if (s.length !== 18) return false
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i)
    if (c < CODE_0 || c > CODE_9) return false
  }
  const last = s.charCodeAt(17)
  return (last >= CODE_0 && last <= CODE_9) || last === CODE_X || last === CODE_LOWER_X
}

// 'AAAAAA' + 'YYYYMMDD' + 'SSSC' -> 'AAAAAA********SSSC': the address code, 8 stars over the birth date, then the
// sequence and check character. Anything not shaped like a resident identity number (17 digits and a
// digit or X) is replaced by one star per character, so a misplaced name or code is never revealed.
export function maskResidentId(number: string): string {
  const s = number.trim()
  if (isResidentIdShape(s)) {
    const tail = s.charCodeAt(17) === CODE_LOWER_X ? s.slice(14, 17) + 'X' : s.slice(14)
    return s.slice(0, 6) + STARS_8 + tail
  }
  let stars = ''
  for (const _ of s) stars += '*' // one star per code point
  return stars
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

function maskWord(word: string): string {
  let out = ''
  let first = true
  for (const { segment } of graphemes.segment(word)) {
    out += first ? segment : '*'
    first = false
  }
  return out
}

// '张三丰' -> '张**', 'Wang Lei' -> 'W*** L**': the first character (grapheme) of each
// whitespace-separated word is kept, every other character becomes a star. Surrounding whitespace is
// dropped and inner whitespace runs become one space. Punctuation inside a word (hyphen, apostrophe,
// the middle dot of '买买提·艾力') does not start a new word, so it is masked too.
export function maskPersonName(name: string): string {
  const trimmed = name.trim()
  if (trimmed === '') return ''
  return trimmed.split(/\s+/).map(maskWord).join(' ')
}
