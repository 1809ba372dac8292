/**
 * Characteristics from the file (issue 19): what a bureau score reads from the records Fides holds about a
 * person, as of a date, instead of numbers a lender types in. Each is one of a closed, versioned list of
 * aggregate kinds over the finance elements of the person's credit accounts (loan_account records), each
 * with its parameters from closed ranges; there is no formula to write, so nothing but these can be
 * computed. Pure: the records (the versions known on the date) and the lending inquiries come in, numbers
 * (or null: nothing to count) go out.
 */
import type { LocalisedText } from '../catalogue/index.ts'
import type { ElementRef } from './features.ts'

/** The version of the list of kinds below: a model records it, so a change of meaning is a new version. */
export const CHARACTERISTICS_VERSION = '2026.1'

/** Windows a characteristic may count over, in months. */
const MONTHS = [3, 6, 12, 24] as const
/** Delinquency thresholds, in days past due (a month past due in the repayment history is 30 days). */
const DAYS_PAST_DUE = [30, 60, 90, 120, 150, 180] as const

type Months = (typeof MONTHS)[number]
type DaysPastDue = (typeof DAYS_PAST_DUE)[number]

export type Characteristic =
  | { kind: 'accountsOpened'; months: Months }
  | { kind: 'openAccounts' }
  | { kind: 'monthsSinceDelinquency'; daysPastDue: DaysPastDue }
  | { kind: 'worstDelinquency'; months: Months }
  | { kind: 'revolvingUtilisation' }
  | { kind: 'oldestAccountMonths' }
  | { kind: 'totalAmountPastDue' }
  | { kind: 'lendingInquiries'; months: Months }

type Kind = Characteristic['kind']

const REVOLVING = new Set(['revolving_credit', 'credit_card', 'overdraft'])
const ENDED = new Set(['closed', 'transferred'])
/** amounts are added up in one currency: accounts in others are left out of the sums */
export const AMOUNT_CURRENCY = 'CNY'

interface KindRule {
  params: readonly ('months' | 'daysPastDue')[]
  elements: readonly string[]
  name: (c: Record<string, number>) => LocalisedText
  /** how a value reads to the person (null: nothing to count) */
  value: (v: number | null) => LocalisedText
}

const count = (unit: LocalisedText) => (v: number | null) => ({
  zh: `${v ?? 0}${unit.zh}`,
  en: `${v ?? 0} ${unit.en}`,
})
const yuan = (v: number | null) => ({ zh: `${(v ?? 0).toFixed(2)}元`, en: `CNY ${(v ?? 0).toFixed(2)}` })

/** One rule per kind: its parameters, the finance elements it reads, its name and how its value reads. */
export const CHARACTERISTIC_KINDS: Readonly<Record<Kind, KindRule>> = {
  accountsOpened: {
    params: ['months'],
    elements: ['openedOn'],
    name: (c) => ({
      zh: `近${c.months}个月新开立的信贷账户数`,
      en: `Credit accounts opened in the last ${c.months} months`,
    }),
    value: count({ zh: '个', en: 'accounts' }),
  },
  openAccounts: {
    params: [],
    elements: ['accountStatus'],
    name: () => ({ zh: '未结清的信贷账户数', en: 'Credit accounts still open' }),
    value: count({ zh: '个', en: 'accounts' }),
  },
  monthsSinceDelinquency: {
    params: ['daysPastDue'],
    elements: ['repaymentHistory', 'historyThrough'],
    name: (c) => ({
      zh: `距最近一次逾期${c.daysPastDue}天以上的月数`,
      en: `Months since a payment was last ${c.daysPastDue} days or more late`,
    }),
    value: (v) =>
      v === null
        ? { zh: '所记载的月份中没有', en: 'none in the months on file' }
        : { zh: `${v}个月`, en: `${v} months` },
  },
  worstDelinquency: {
    params: ['months'],
    elements: ['repaymentHistory', 'historyThrough'],
    name: (c) => ({
      zh: `近${c.months}个月最长逾期月数`,
      en: `Longest delay in the last ${c.months} months, in months`,
    }),
    value: (v) =>
      v === null
        ? { zh: '没有还款记录', en: 'no repayments on file' }
        : v === 0
          ? { zh: '没有逾期', en: 'never late' }
          : { zh: `逾期${v}个月`, en: `${v} months late` },
  },
  revolvingUtilisation: {
    params: [],
    elements: ['outstandingBalance', 'creditLimitOrPrincipal', 'accountType', 'accountStatus'],
    name: () => ({ zh: '循环信用额度使用率', en: 'Share of revolving credit limits in use' }),
    value: (v) =>
      v === null
        ? { zh: '没有循环信用账户', en: 'no revolving credit' }
        : { zh: `${(v * 100).toFixed(1)}%`, en: `${(v * 100).toFixed(1)} %` },
  },
  oldestAccountMonths: {
    params: [],
    elements: ['openedOn'],
    name: () => ({ zh: '最早信贷账户开立至今的月数', en: 'Months since the oldest credit account was opened' }),
    value: (v) =>
      v === null ? { zh: '没有信贷账户', en: 'no credit accounts' } : { zh: `${v}个月`, en: `${v} months` },
  },
  totalAmountPastDue: {
    params: [],
    elements: ['amountPastDue', 'accountStatus'],
    name: () => ({ zh: '当前逾期总额（人民币）', en: 'Amount past due now (renminbi)' }),
    value: yuan,
  },
  lendingInquiries: {
    params: ['months'],
    elements: ['lenderInquiries12Months'],
    name: (c) => ({
      zh: `近${c.months}个月放款机构因贷款申请查询的次数`,
      en: `Lenders' looks for a credit application in the last ${c.months} months`,
    }),
    value: count({ zh: '次', en: 'looks' }),
  },
}

export const CHARACTERISTIC_KIND_NAMES = Object.keys(CHARACTERISTIC_KINDS) as Kind[]

const PARAM_VALUES: Record<'months' | 'daysPastDue', readonly number[]> = { months: MONTHS, daysPastDue: DAYS_PAST_DUE }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Why `value` is not a characteristic of the list (undefined if it is one): an unknown kind, a missing, extra or out-of-list parameter. */
export function characteristicProblem(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.kind !== 'string')
    return `a characteristic is { "kind": one of ${CHARACTERISTIC_KIND_NAMES.join(', ')}, and its parameters }`
  if (!Object.hasOwn(CHARACTERISTIC_KINDS, value.kind))
    return `no characteristic kind ${JSON.stringify(value.kind)} (list ${CHARACTERISTICS_VERSION}: ${CHARACTERISTIC_KIND_NAMES.join(', ')})`
  const rule = CHARACTERISTIC_KINDS[value.kind as Kind]
  for (const key of Object.keys(value))
    if (key !== 'kind' && !rule.params.includes(key as 'months'))
      return `${value.kind} has no parameter ${key}${rule.params.length > 0 ? ` (it has ${rule.params.join(', ')})` : ''}`
  for (const p of rule.params)
    if (!PARAM_VALUES[p].includes(value[p] as number))
      return `${value.kind}.${p} is one of ${PARAM_VALUES[p].join(', ')}, not ${JSON.stringify(value[p])}`
  return undefined
}

/** The characteristic with its keys in a stable order (kind first). */
export function canonicalCharacteristic(c: Characteristic): Characteristic {
  const rule = CHARACTERISTIC_KINDS[c.kind]
  const out: Record<string, unknown> = { kind: c.kind }
  for (const p of rule.params) out[p] = (c as Record<string, unknown>)[p]
  return out as Characteristic
}

/** The elements of the credit file a characteristic reads. */
export const characteristicElements = (c: Characteristic): ElementRef[] =>
  CHARACTERISTIC_KINDS[c.kind].elements.map((element) => ({ element }))

/** A characteristic's name in both languages. */
export const characteristicName = (c: Characteristic): LocalisedText =>
  CHARACTERISTIC_KINDS[c.kind].name(c as unknown as Record<string, number>)

/** A characteristic's value as the person reads it, in both languages. */
export const characteristicValueText = (c: Characteristic, v: number | null): LocalisedText =>
  CHARACTERISTIC_KINDS[c.kind].value(v)

/** What a characteristic is computed from: the fields of the person's credit accounts as known on the date, and the lending inquiries. */
export interface FileAsOf {
  /** China date (YYYY-MM-DD) the characteristics are as of */
  asOf: string
  /** the fields of each credit account's version known on the date */
  accounts: readonly Readonly<Record<string, unknown>>[]
  /** the China dates of relying parties' looks for a credit application, up to the date */
  inquiries: readonly string[]
}

/** A month as a number (year × 12 + month − 1) from YYYY-MM or YYYY-MM-DD. */
export const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1

/** Whole months from `from` to `to` (YYYY-MM-DD), as a calendar counts them. */
function monthsBetween(from: string, to: string): number {
  const m = monthIndex(to) - monthIndex(from) - (Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? 1 : 0)
  return Math.max(0, m)
}

/** The months past due of one month of a repayment history: N and 0 are 0, 1-7 the months, anything else unknown. */
function statusOf(ch: string): number | null {
  if (ch === 'N' || ch === '0') return 0
  if (ch >= '1' && ch <= '7') return Number(ch)
  return null
}

/** Each known month of an account's repayment history, as (month index, months past due), up to `until` (a month index). */
export function repaymentMonths(fields: Readonly<Record<string, unknown>>, until: number): [number, number][] {
  const history = fields.repaymentHistory
  const through = fields.historyThrough
  if (typeof history !== 'string' || typeof through !== 'string' || !/^\d{4}-\d{2}/.test(through)) return []
  const last = monthIndex(through)
  const out: [number, number][] = []
  for (let i = 0; i < history.length; i++) {
    const month = last - (history.length - 1 - i)
    const s = statusOf(history[i]!)
    if (s !== null && month <= until) out.push([month, s])
  }
  return out
}

const isOpen = (f: Readonly<Record<string, unknown>>) => !ENDED.has(String(f.accountStatus))
const amount = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v ?? 0) || 0)
const inCurrency = (f: Readonly<Record<string, unknown>>) => (f.currency ?? AMOUNT_CURRENCY) === AMOUNT_CURRENCY
const openedBy = (f: Readonly<Record<string, unknown>>, asOf: string) =>
  typeof f.openedOn === 'string' && f.openedOn <= asOf

/** A characteristic's value on the file as of its date (null: nothing to count, read as the missing bin). */
export function computeCharacteristic(c: Characteristic, file: FileAsOf): number | null {
  const now = monthIndex(file.asOf)
  const accounts = file.accounts.filter((f) => openedBy(f, file.asOf))
  switch (c.kind) {
    case 'accountsOpened':
      return accounts.filter((f) => monthsBetween(f.openedOn as string, file.asOf) < c.months).length
    case 'openAccounts':
      return accounts.filter(isOpen).length
    case 'monthsSinceDelinquency': {
      const threshold = c.daysPastDue / 30
      let latest = -Infinity
      for (const f of accounts)
        for (const [month, s] of repaymentMonths(f, now)) if (s >= threshold && month > latest) latest = month
      return latest === -Infinity ? null : now - latest
    }
    case 'worstDelinquency': {
      let worst: number | null = null
      for (const f of accounts)
        for (const [month, s] of repaymentMonths(f, now))
          if (month > now - c.months && (worst === null || s > worst)) worst = s
      return worst
    }
    case 'revolvingUtilisation': {
      const revolving = accounts.filter((f) => isOpen(f) && REVOLVING.has(String(f.accountType)) && inCurrency(f))
      const limit = revolving.reduce((a, f) => a + amount(f.creditLimitOrPrincipal), 0)
      if (limit <= 0) return null
      return Math.round((revolving.reduce((a, f) => a + amount(f.outstandingBalance), 0) / limit) * 10000) / 10000
    }
    case 'oldestAccountMonths': {
      if (accounts.length === 0) return null
      const oldest = accounts.map((f) => f.openedOn as string).sort()[0]!
      return monthsBetween(oldest, file.asOf)
    }
    case 'totalAmountPastDue':
      return (
        Math.round(
          accounts.filter((f) => isOpen(f) && inCurrency(f)).reduce((a, f) => a + amount(f.amountPastDue), 0) * 100,
        ) / 100
      )
    case 'lendingInquiries':
      return file.inquiries.filter((d) => d <= file.asOf && monthsBetween(d, file.asOf) < c.months).length
  }
}

/** The outcome rule of a development sample: bad when an account was this many days past due in the window. */
export const OUTCOME_DAYS_PAST_DUE = 90

/**
 * The outcome of a development sample: 1 (bad) if, in the `months` after the as-of month, any account (as known at
 * the window's end) was 90 days or more past due or became a bad debt; else 0.
 */
export function outcomeOf(
  accountsAtEnd: readonly Readonly<Record<string, unknown>>[],
  asOf: string,
  months: number,
): 0 | 1 {
  const start = monthIndex(asOf)
  for (const f of accountsAtEnd) {
    for (const [month, s] of repaymentMonths(f, start + months))
      if (month > start && s * 30 >= OUTCOME_DAYS_PAST_DUE) return 1
  }
  return accountsAtEnd.some((f) => f.accountStatus === 'bad_debt') ? 1 : 0
}
