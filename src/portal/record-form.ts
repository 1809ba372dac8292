/**
 * A record typed into a form, field by field, as the data-element dictionary describes its kind: each
 * element labelled in the reader's words (GET /v1/catalogue, as report-fields.ts reads it), a date as a
 * date, a code as a select of the kind's values in words, codes as boxes to tick, an amount or count as
 * a number; then read back into the record the API takes. A source corrects a record this way when it
 * answers an objection, instead of writing JSON. Whatever was typed is kept on a refusal, each field's
 * sentence beside it (`recordFieldOf` maps the API's pointer into the record to the form's field).
 */
import type { PublishedElement } from '../modules/catalogue/index.ts'
import type { CreditFile } from './api.ts'
import { field, type FormState, typed } from './http.ts'
import { type Lang, type Messages, pick } from './i18n.ts'
import { esc } from './layout.ts'

/** This file's words in both languages (a text missing one does not compile). */
export const TEXT = {
  decidedOn: { zh: '决定日期', en: 'Decided on' },
  conductEndedOn: { zh: '行为终止日期', en: 'Conduct ended on' },
  subjectName: { zh: '当事人姓名', en: "The person's name" },
  residentId: { zh: '当事人身份证号码', en: "The person's identity number" },
  personHint: {
    zh: '页面只显示部分隐去的号码：更正时请按本单位的记录重新填写完整号码和姓名。',
    en: 'The page shows the number masked only: to correct, type the whole number and the name from your own records.',
  },
  required: (label: string) => ({ zh: `${label}（必填）`, en: `${label} (required)` }),
  none: { zh: '（不填）', en: '(none)' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  seriesHint: {
    zh: '每月一个数，从最早的月份起，用空格分隔。',
    en: 'One number a month, the oldest first, separated by spaces.',
  },
} satisfies Messages

/** The record as it stands (the form's starting values): its kind, dates and fields, as the credit file answers them. */
export type RecordShown = Pick<
  CreditFile['categories'][number]['records'][number],
  'kind' | 'decidedOn' | 'conductEndedOn' | 'fields'
>

/** Whom the record is about: an organisation's code and name go as they are; a person's must be typed (the page holds them masked). */
export type RecordSubject = { uscc: string; name: string } | { person: true }

/** The form's name for an element's field. */
const fieldName = (code: string) => `f.${code}`

/** An element's value as the form shows it to start with. */
function shownValue(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.join(' ')
  return String(value)
}

/** The form's fields for a record of `elements`' kind, starting from `record`, in `form` (a page may hold several). */
export function recordFields(
  lang: Lang,
  state: FormState | undefined,
  form: string,
  elements: ReadonlyMap<string, PublishedElement>,
  record: RecordShown,
  subject: RecordSubject,
): string {
  const label = (words: string, required: boolean) => (required ? pick(lang, TEXT.required(words)) : words)
  const person =
    'person' in subject
      ? field(state, form, {
          name: 'r.residentId',
          label: label(pick(lang, TEXT.residentId), true),
          hint: pick(lang, TEXT.personHint),
          autocomplete: 'off',
          maxlength: 18,
          data: true,
        }) +
        field(state, form, {
          name: 'r.name',
          label: label(pick(lang, TEXT.subjectName), true),
          autocomplete: 'off',
          maxlength: 200,
          data: true,
        })
      : ''
  const dates =
    field(state, form, {
      name: 'r.decidedOn',
      label: label(pick(lang, TEXT.decidedOn), true),
      kind: 'date',
      value: record.decidedOn,
    }) +
    field(state, form, {
      name: 'r.conductEndedOn',
      label: pick(lang, TEXT.conductEndedOn),
      kind: 'date',
      value: record.conductEndedOn ?? '',
    })
  const fields = [...elements.values()].map((e) => elementField(lang, state, form, e, record.fields[e.code], label))
  return person + dates + fields.join('\n')
}

/** One element's field: its control chosen by the element's type, its label and bounds from the dictionary. */
function elementField(
  lang: Lang,
  state: FormState | undefined,
  form: string,
  e: PublishedElement,
  current: unknown,
  label: (words: string, required: boolean) => string,
): string {
  const name = fieldName(e.code)
  const words = label(e.name[lang], e.required)
  const value = shownValue(current)
  const optional: readonly (readonly [string, string])[] = e.required ? [] : [['', pick(lang, TEXT.none)]]
  switch (e.type) {
    case 'code':
      return field(state, form, {
        name,
        label: words,
        value,
        options: [...optional, ...e.values.map((v) => [v.code, v[lang]] as const)],
      })
    case 'boolean':
      return field(state, form, {
        name,
        label: words,
        value,
        options: [...optional, ['true', pick(lang, TEXT.yes)], ['false', pick(lang, TEXT.no)]],
      })
    case 'codes': {
      const chosen = new Set(Array.isArray(current) ? current.map(String) : [])
      const error = state?.form === form ? state.errors[name] : undefined
      const id = `${form}-${name}`
      const boxes = e.values
        .map((v) => {
          const box = `${name}.${v.code}`
          const checked = state?.form === form ? typed(state, form, box) === 'on' : chosen.has(v.code)
          return `<label><input type="checkbox" name="${esc(box)}"${checked ? ' checked' : ''}> ${esc(v[lang])}</label>`
        })
        .join('<br>')
      return `<fieldset class="field${error ? ' invalid' : ''}"${error ? ` aria-invalid="true" aria-describedby="${esc(id)}-error"` : ''}><legend>${esc(words)}</legend>${boxes}${error ? `<small class="field-error" id="${esc(id)}-error">${esc(error)}</small>` : ''}</fieldset>`
    }
    case 'date':
    case 'month':
      return field(state, form, { name, label: words, kind: e.type, value })
    case 'amount':
    case 'count':
    case 'level':
    case 'score':
    case 'year':
      return field(state, form, { name, label: words, kind: 'text', value, data: true, autocomplete: 'off' })
    case 'monthly_series':
      return field(state, form, {
        name,
        label: words,
        hint: pick(lang, TEXT.seriesHint),
        value,
        data: true,
        autocomplete: 'off',
      })
    case 'text':
      return field(state, form, {
        name,
        label: words,
        kind: 'textarea',
        rows: 2,
        value,
        data: true,
        ...(e.bounds.maxLength ? { maxlength: e.bounds.maxLength } : {}),
      })
    default:
      return field(state, form, {
        name,
        label: words,
        value,
        data: true,
        autocomplete: 'off',
        ...(e.bounds.maxLength ? { maxlength: e.bounds.maxLength } : {}),
      })
  }
}

/** A number typed (a full-width digit, a thousands separator, a currency sign allowed), else the text as typed for the API to refuse. */
function numberOf(text: string): number | string {
  const plain = text
    .normalize('NFKC')
    .replace(/[,\s¥￥]/g, '')
    .trim()
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text
}

/** What an element's field holds, as the record carries it; undefined when left empty. */
function elementValue(e: PublishedElement, values: Readonly<Record<string, string>>): unknown {
  if (e.type === 'codes') {
    const chosen = e.values.filter((v) => values[`${fieldName(e.code)}.${v.code}`] === 'on').map((v) => v.code)
    return chosen.length > 0 ? chosen : undefined
  }
  const text = (values[fieldName(e.code)] ?? '').trim()
  if (text === '') return undefined
  switch (e.type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text
    case 'amount':
    case 'count':
    case 'level':
    case 'score':
    case 'year':
      return numberOf(text)
    case 'monthly_series':
      return text.split(/[\s,，、;；]+/).map(numberOf)
    default:
      return text
  }
}

/** The record the API takes, from the form's values: same kind and source record id, whom it is about, the dates and fields typed. */
export function recordFromForm(
  values: Readonly<Record<string, string>>,
  elements: ReadonlyMap<string, PublishedElement>,
  base: { kind: string; sourceRecordId: string; subject: RecordSubject },
): unknown {
  const fields: Record<string, unknown> = {}
  for (const e of elements.values()) {
    const value = elementValue(e, values)
    if (value !== undefined) fields[e.code] = value
  }
  const conductEndedOn = (values['r.conductEndedOn'] ?? '').trim()
  return {
    sourceRecordId: base.sourceRecordId,
    kind: base.kind,
    subject:
      'person' in base.subject
        ? {
            residentId: (values['r.residentId'] ?? '').replace(/\s+/g, '').toUpperCase(),
            name: (values['r.name'] ?? '').trim(),
          }
        : base.subject,
    decidedOn: (values['r.decidedOn'] ?? '').trim(),
    conductEndedOn: conductEndedOn === '' ? null : conductEndedOn,
    fields,
  }
}

/**
 * The form's field for a pointer into the record (/record/fields/amount, or /fields/amount as the
 * record's own validation names it → f.amount), else undefined.
 */
export function recordFieldOf(pointer: string): string | undefined {
  const [head, code] = pointer.replace(/^(?:\/body)?(?:\/record)?\//, '').split('/')
  if (head === 'fields' && code) return fieldName(code.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (head === 'subject') return code === 'name' ? 'r.name' : 'r.residentId'
  if (head === 'decidedOn' || head === 'conductEndedOn') return `r.${head}`
  return undefined
}
