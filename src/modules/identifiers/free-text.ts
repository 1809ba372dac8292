// The free-text scanner (pure): finds personal identifiers and names in a text that a person wrote
// (a penalty's summary, an answer, a note) and masks them, so free text never carries what the
// identifier fields are encrypted and masked for. It runs on every free-text field at ingestion: one
// precompiled regular expression scans for numbers and labelled names, indexOf finds the given names,
// and a text with nothing to mask is returned as it is, with a shared zero count.
//
// What it masks, and how (the masks of ./masking.ts; digits may be ASCII or fullwidth):
// - resident identity numbers: 18 characters shaped like GB 11643 (an address code, a birth date, a
//   sequence, a check character: valid or not) -> 110101********123X; the old 15-digit form (a
//   six-digit birth date) -> 110101******123;
// - mainland mobile numbers, 1[3-9] and 11 digits, with or without +86, 86 or 0086 and spaces or hyphens between
//   the groups -> 138****5678;
// - bank-card-like runs of 16 to 19 digits, and any longer run (an identifier glued to other digits)
//   -> the first six and last four digits, stars between;
// - the given person names (a subject's own name) wherever they occur: the surname is kept (a
//   compound surname whole), every other character is a star: 张三 -> 张*, 欧阳娜娜 -> 欧阳**,
//   Wang Lei -> W*** L**;
// - a name after a label (姓名, 当事人, 法定代表人, 负责人, 经营者, 投资人, 股东, 实际控制人), masked the
//   same way: after a colon or a space, the two to four characters that follow (three, or four
//   with a compound surname, when more follow); right after the label, only a run of two to four
//   characters that ends there and does not start with a character that continues the label into
//   a word (股东会, 负责人员, 投资人民币).
// Masking masked text changes nothing, and the result is never longer than the text.
import { maskPersonName } from './masking.ts'

export type MaskedKind = 'resident_id' | 'mobile' | 'bank_card' | 'long_number' | 'person_name'

export interface FreeTextMasking {
  /** The text with every identifier and name masked. */
  readonly text: string
  /** How many of each kind were masked; never the values. */
  readonly masked: Readonly<Record<MaskedKind, number>>
}

const NOTHING_MASKED: Readonly<Record<MaskedKind, number>> = Object.freeze({
  resident_id: 0,
  mobile: 0,
  bank_card: 0,
  long_number: 0,
  person_name: 0,
})

const D = '[0-9\\uFF10-\\uFF19]'
const LABELS = [
  '姓名',
  '当事人',
  '當事人',
  '法定代表人',
  '负责人',
  '負責人',
  '经营者',
  '經營者',
  '投资人',
  '投資人',
  '股东',
  '股東',
  '实际控制人',
  '實際控制人',
]
const SCAN = new RegExp(
  `(?<!${D})(?<number>${D}{17}[Xx\\uFF38\\uFF58]|${D}{15,})(?!${D})` +
    `|(?<!${D})(?<prefix>(?:\\+|00)?86[ -]?)?(?<mobile>[1\\uFF11][3-9\\uFF13-\\uFF19]${D}(?:[ -]?${D}{4}){2})(?!${D})` +
    `|(?:${LABELS.join('|')})(?<colon>[:：]?[ \\t\\u3000]*)(?<name>\\p{sc=Han}[\\p{sc=Han}*]*)`,
  'gu',
)

/** Characters that, right after a label, make a word of it rather than start a name. */
const CONTINUES_LABEL = new Set([...'会大的是等及和与或应须均已未在对为将所之人员数名权身信资民代签同意提出'])

/** Compound surnames kept whole when a name is masked. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '独孤',
  '南宫',
  '西门',
  '端木',
  '申屠',
  '公羊',
  '澹台',
  '太史',
  '赫连',
  '呼延',
  '万俟',
  '闻人',
  '濮阳',
  '淳于',
  '单于',
  '钟离',
  '歐陽',
  '諸葛',
  '東方',
  '尉遲',
  '長孫',
  '軒轅',
  '獨孤',
  '南宮',
  '鍾離',
])

const HAN = /\p{sc=Han}/u

function digitValue(code: number): number {
  return code >= 0xff10 ? code - 0xff10 : code - 48
}

function digitsAt(chars: string, from: number, count: number): number {
  let n = 0
  for (let i = from; i < from + count; i++) n = n * 10 + digitValue(chars.charCodeAt(i))
  return n
}

/** A birth date that could be one: month 01-12, day 01-31 (the check is a shape, not a calendar). */
function isDateShape(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

// Digits and fullwidth digits are one UTF-16 unit each, so string indexes are character positions.
function isResidentId18(run: string): boolean {
  if (digitValue(run.charCodeAt(0)) === 0) return false
  const year = digitsAt(run, 6, 4)
  return year >= 1800 && year <= 2099 && isDateShape(digitsAt(run, 10, 2), digitsAt(run, 12, 2))
}

function isResidentId15(run: string): boolean {
  return digitValue(run.charCodeAt(0)) !== 0 && isDateShape(digitsAt(run, 8, 2), digitsAt(run, 10, 2))
}

function stars(n: number): string {
  return '*'.repeat(n)
}

/** Keep `head` characters, star `middle` of them, keep the rest (a final x upper-cased, as masking.ts does). */
function maskDigits(run: string, head: number, middle: number): string {
  return run.slice(0, head) + stars(middle) + run.slice(head + middle).toUpperCase()
}

/** A Chinese name keeps its surname (a compound one whole); anything else is masked word by word. */
function maskName(name: string): string {
  const chars = [...name]
  if (!HAN.test(chars[0] ?? '')) return maskPersonName(name)
  const surname = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1
  return chars.slice(0, surname).join('') + stars(chars.length - surname)
}

interface Span {
  start: number
  end: number
  replacement: string
  kind: MaskedKind
}

function labelledName(match: RegExpExecArray, groups: Record<string, string | undefined>): Span | undefined {
  const run = [...(groups.name ?? '')]
  const explicit = (groups.colon ?? '') !== ''
  let length: number
  if (explicit) {
    const compound = run.length >= 3 && COMPOUND_SURNAMES.has(run[0]! + run[1]!)
    length = run.length <= 4 ? run.length : compound ? 4 : 3
  } else {
    if (run.length > 4 || CONTINUES_LABEL.has(run[0]!)) return undefined
    length = run.length
  }
  if (length < 2) return undefined
  const name = run.slice(0, length).join('')
  const replacement = maskName(name)
  if (replacement === name) return undefined
  const start = match.index + match[0].length - (groups.name ?? '').length
  return { start, end: start + name.length, replacement, kind: 'person_name' }
}

function numberSpan(match: RegExpExecArray, groups: Record<string, string | undefined>): Span | undefined {
  const start = match.index
  const run = groups.number
  if (run !== undefined) {
    const n = run.length
    const end = start + n
    if (n === 18 && (isResidentId18(run) || !/[0-9\uff10-\uff19]$/.test(run)))
      return { start, end, replacement: maskDigits(run, 6, 8), kind: 'resident_id' }
    if (n === 15) {
      if (isResidentId15(run)) return { start, end, replacement: maskDigits(run, 6, 6), kind: 'resident_id' }
      // 0086 and a mobile number, written as one run
      const isMobile =
        digitsAt(run, 0, 4) === 86 && digitValue(run.charCodeAt(4)) === 1 && digitValue(run.charCodeAt(5)) >= 3
      return isMobile ? { start, end, replacement: maskDigits(run, 7, 4), kind: 'mobile' } : undefined
    }
    return { start, end, replacement: maskDigits(run, 6, n - 10), kind: n <= 19 ? 'bank_card' : 'long_number' }
  }
  const prefix = groups.prefix ?? ''
  const mobile = groups.mobile ?? ''
  let replacement = prefix
  let digit = 0
  for (const ch of mobile) {
    const isDigit = ch !== ' ' && ch !== '-'
    replacement += isDigit && digit >= 3 && digit < 7 ? '*' : ch
    if (isDigit) digit++
  }
  return { start, end: start + prefix.length + mobile.length, replacement, kind: 'mobile' }
}

/** Masks identifiers and names in free text; see the module's comment for what and how. */
export function maskFreeText(text: string, options: { personNames?: readonly string[] } = {}): FreeTextMasking {
  let spans: Span[] | undefined
  SCAN.lastIndex = 0
  for (let m = SCAN.exec(text); m !== null; m = SCAN.exec(text)) {
    const groups = m.groups ?? {}
    if (groups.name === undefined) {
      const span = numberSpan(m, groups)
      if (span !== undefined) (spans ??= []).push(span)
      continue
    }
    // the characters after a name may hold another label: scan on from the name's end (or its start when none was taken)
    const span = labelledName(m, groups)
    if (span !== undefined) (spans ??= []).push(span)
    SCAN.lastIndex = span?.end ?? m.index + m[0].length - groups.name.length
  }
  for (const raw of options.personNames ?? []) {
    const name = raw.trim()
    if ([...name].length < 2 || name.includes('*')) continue
    const replacement = maskName(name)
    if (replacement === name) continue
    for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) {
      ;(spans ??= []).push({ start: i, end: i + name.length, replacement, kind: 'person_name' })
    }
  }
  if (spans === undefined) return { text, masked: NOTHING_MASKED }
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  const masked: Record<MaskedKind, number> = { ...NOTHING_MASKED }
  let out = ''
  let at = 0
  for (const span of spans) {
    if (span.start < at) continue // overlaps one already masked
    out += text.slice(at, span.start) + span.replacement
    at = span.end
    masked[span.kind]++
  }
  return { text: out + text.slice(at), masked }
}
