/**
 * A record's contents as a person reads them, labelled from the data-element dictionary (the
 * catalogue's field names in both languages, GET /v1/catalogue): amounts with their currency and
 * thousands separators, account numbers masked, dates and months written out, coded values in words,
 * and a repayment history as a grid of months by status with the dictionary's legend, as consumer
 * credit bureaus show it. Values that are data, not the page's words (names, numbers, what a source
 * wrote), are marked `translate="no"`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { PublishedCatalogue, PublishedElement } from '../modules/catalogue/index.ts'
import { callApi } from './http.ts'
import { type Lang, type Messages, pick } from './i18n.ts'
import { esc } from './layout.ts'

/** This file's words in both languages (a text missing one does not compile). */
export const TEXT = {
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  year: { zh: '年份', en: 'Year' },
  legend: { zh: '图例', en: 'Legend' },
  pastDue: { zh: '逾期的月份以红色标出。', en: 'Months past due are marked in red.' },
  gridCaption: (month: string) => ({
    zh: `还款记录（按月，截至${month}）`,
    en: `Repayment history by month (through ${month})`,
  }),
} satisfies Messages

/** The elements of each record kind in force, by kind code and element code. */
export type KindElements = ReadonlyMap<string, ReadonlyMap<string, PublishedElement>>

/** The record kinds in force as people read them: each kind's name, and its elements by code. */
export type CatalogueWords = {
  elements: KindElements
  kindNames: ReadonlyMap<string, Readonly<{ zh: string; en: string }>>
  /** every element of every kind by its code (an element means the same in every kind) */
  anyElement: ReadonlyMap<string, PublishedElement>
}

/** The catalogue in force, read as anyone reads it (public, no session). */
export async function catalogueWords(root: () => FastifyInstance, request: FastifyRequest): Promise<CatalogueWords> {
  const res = await callApi(root, request, 'GET', '/v1/catalogue', undefined, { session: false })
  const kinds = res.statusCode === 200 ? (JSON.parse(res.body) as PublishedCatalogue).kinds : []
  return {
    elements: new Map(kinds.map((k) => [k.code, new Map(k.elements.map((e) => [e.code, e]))])),
    kindNames: new Map(kinds.map((k) => [k.code, k.name])),
    anyElement: new Map(kinds.flatMap((k) => k.elements.map((e) => [e.code, e] as const))),
  }
}

/** A kind's name in the reader's language (a kind the catalogue no longer holds: its code, marked as data by the caller). */
export const kindName = (words: CatalogueWords, lang: Lang, code: string): string | undefined =>
  words.kindNames.get(code)?.[lang]

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** A day written out: 2023年11月5日, 5 November 2023 (a text that is not a date comes back as it is, none as ''). */
export function dayText(lang: Lang, iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '')
  if (!m) return iso ?? ''
  const [, y, mo, d] = m
  return lang === 'zh' ? `${y}年${Number(mo)}月${Number(d)}日` : `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`
}

/** A month written out: 2025年6月, June 2025. */
export function monthText(lang: Lang, iso: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const [, y, mo] = m
  return lang === 'zh' ? `${y}年${Number(mo)}月` : `${MONTHS_EN[Number(mo) - 1]} ${y}`
}

const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
  CNY: '¥',
  USD: 'US$',
  EUR: '€',
  HKD: 'HK$',
  JPY: 'JP¥',
  GBP: '£',
}

/** An amount with its currency's sign and thousands separators: ¥158,333.33. */
export function amountText(value: number, currency = 'CNY'): string {
  const sign = CURRENCY_SIGNS[currency] ?? `${currency} `
  const digits = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    Math.abs(value),
  )
  return `${value < 0 ? '-' : ''}${sign}${digits}`
}

/** An account or card number as a report shows it: its last four characters only. */
export function maskedAccount(value: string): string {
  return value.length <= 4 ? '****' : `${'*'.repeat(Math.min(8, value.length - 4))}${value.slice(-4)}`
}

const isAccountNumber = (e: PublishedElement) => e.type === 'identifier' && /account|card/i.test(e.code)

const UNITS: Readonly<Record<string, { zh: string; en: string }>> = {
  persons: { zh: '人', en: 'persons' },
  accounts: { zh: '个', en: 'accounts' },
  months: { zh: '个月', en: 'months' },
  days: { zh: '天', en: 'days' },
  inquiries: { zh: '次', en: 'times' },
}

const data = (text: string) => `<span translate="no">${esc(text)}</span>`

/** One field's value as HTML (escaped): in words where the dictionary has words, marked as data where it is data. */
function valueHtml(lang: Lang, element: PublishedElement | undefined, value: unknown, currency: string): string {
  if (value === null || value === undefined || value === '') return '—'
  if (!element) return data(typeof value === 'object' ? JSON.stringify(value) : String(value))
  const label = (code: unknown) => {
    const v = element.values.find((x) => x.code === code)
    return v ? esc(v[lang]) : data(String(code))
  }
  switch (element.type) {
    case 'code':
      return label(value)
    case 'codes':
      return Array.isArray(value) ? value.map(label).join(lang === 'zh' ? '、' : ', ') : label(value)
    case 'boolean':
      return esc(pick(lang, value === true ? TEXT.yes : TEXT.no))
    case 'date':
      return esc(dayText(lang, String(value)))
    case 'month':
      return esc(monthText(lang, String(value)))
    case 'amount':
      return typeof value === 'number'
        ? data(amountText(value, element.unit === 'CNY' ? 'CNY' : currency))
        : data(String(value))
    case 'count': {
      const unit = element.unit ? UNITS[element.unit] : undefined
      return `${data(String(value))}${unit ? `${lang === 'zh' ? '' : ' '}${esc(unit[lang])}` : ''}`
    }
    case 'identifier':
      return data(isAccountNumber(element) ? maskedAccount(String(value)) : String(value))
    case 'monthly_series':
      return Array.isArray(value)
        ? data(
            value
              .map((v) =>
                typeof v === 'number' && /amount|balance|repaid/i.test(element.code)
                  ? amountText(v, currency)
                  : String(v),
              )
              .join(' · '),
          )
        : data(String(value))
    default:
      return data(typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
}

/** The month `back` months before YYYY-MM. */
function monthBefore(month: string, back: number): { year: number; month: number } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) - back
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

/**
 * A repayment history (one status character a month, oldest first, the last for `through`) as a grid:
 * a row a year, a column a month, past-due months marked, with the dictionary's legend below.
 */
export function repaymentGrid(lang: Lang, history: string, through: string, legend: string | null): string {
  if (!/^\d{4}-\d{2}$/.test(through) || history.length === 0) return ''
  const cells = new Map<string, string>()
  const years = new Set<number>()
  const chars = [...history]
  chars.forEach((c, i) => {
    const at = monthBefore(through, chars.length - 1 - i)
    years.add(at.year)
    cells.set(`${at.year}-${at.month}`, c)
  })
  const monthHeads = Array.from({ length: 12 }, (_, i) =>
    lang === 'zh' ? `${i + 1}月` : (MONTHS_EN[i] ?? '').slice(0, 3),
  )
  const rows = [...years]
    .sort()
    .map(
      (y) =>
        `<tr><th scope="row">${y}</th>${Array.from({ length: 12 }, (_, i) => {
          const c = cells.get(`${y}-${i + 1}`)
          return c === undefined
            ? '<td></td>'
            : `<td${/[1-7]/.test(c) ? ' class="late"' : ''} translate="no">${esc(c)}</td>`
        }).join('')}</tr>`,
    )
    .join('')
  const caption = pick(lang, TEXT.gridCaption(monthText(lang, through)))
  return `<div class="scroll" tabindex="0" role="region" aria-label="${esc(caption)}"><table class="grid"><caption>${esc(caption)}</caption><thead><tr><th scope="col">${esc(pick(lang, TEXT.year))}</th>${monthHeads.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>
${legend ? `<p class="muted"><strong>${esc(pick(lang, TEXT.legend))}</strong>: ${esc(legend)} ${esc(pick(lang, TEXT.pastDue))}</p>` : ''}`
}

/**
 * A record's fields, every one labelled from the catalogue (in the kind's order; a field the catalogue
 * no longer names keeps its own name), with its repayment history as a grid after the list.
 */
export function recordFieldsHtml(
  lang: Lang,
  elements: ReadonlyMap<string, PublishedElement> | undefined,
  fields: Readonly<Record<string, unknown>>,
): string {
  const currency = typeof fields.currency === 'string' ? fields.currency : 'CNY'
  const order = elements ? [...elements.keys()] : []
  const names = [
    ...order.filter((c) => Object.hasOwn(fields, c)),
    ...Object.keys(fields).filter((c) => !order.includes(c)),
  ]
  let grid = ''
  const items = names.map((code) => {
    const element = elements?.get(code)
    const value = fields[code]
    if (element?.type === 'coded_string' && typeof value === 'string' && typeof fields.historyThrough === 'string') {
      grid = repaymentGrid(lang, value, fields.historyThrough, element.legend ? element.legend[lang] : null)
      return ''
    }
    const label = element ? esc(element.name[lang]) : data(code)
    return `<dt>${label}</dt><dd>${valueHtml(lang, element, value, currency)}</dd>`
  })
  return `<dl class="facts">${items.join('')}</dl>${grid}`
}
