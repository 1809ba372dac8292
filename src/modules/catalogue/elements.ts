/**
 * The data-element dictionary's shape and its pure rules: what one element is, how a record kind may
 * narrow it, and the JSON Schema a kind's record fields are validated with — derived, never written by a
 * deployment. The elements themselves are data in `dictionary/` and ship with the release.
 *
 * A record's `fields` carries only elements: a field's name is an element's code, its value the element's
 * type within the bounds the kind may have narrowed. An element that is not in the dictionary cannot be
 * named, an enumeration value the dictionary does not list cannot be chosen, and a description, pattern
 * or example is the dictionary's, not the deployment's.
 */
import type { JsonSchema, JsonSchemaObject, LocalisedText, RecordCategory, SubjectType } from './catalogue.ts'

/** Where an element belongs: the record categories, plus `common` for what every decision carries. */
export type ElementCategory = RecordCategory | 'common'

/**
 * The element categories a kind of each record category may draw from. Penalty-like kinds (labour,
 * product safety, environment, procurement, market supervision) carry the administrative-penalty elements
 * too, since their records are administrative penalties in those fields.
 */
export const ELEMENT_CATEGORIES_FOR_KIND: Readonly<Record<RecordCategory, readonly ElementCategory[]>> = {
  licensing: ['common', 'licensing'],
  administrative_penalties: ['common', 'administrative_penalties'],
  judicial: ['common', 'judicial'],
  tax: ['common', 'tax'],
  finance: ['common', 'finance'],
  public_contracts: ['common', 'public_contracts'],
  labour: ['common', 'labour', 'administrative_penalties'],
  product_safety: ['common', 'product_safety', 'administrative_penalties'],
  environment: ['common', 'environment', 'administrative_penalties'],
  public_procurement: ['common', 'public_procurement', 'administrative_penalties'],
  commendations: ['common', 'commendations'],
  market_supervision: ['common', 'market_supervision', 'administrative_penalties'],
}

/** The closed list of legal bases that allow an element to be collected, each with the instruments it rests on. */
export const LEGAL_BASES = {
  administrative_disclosure: {
    zh: '行政许可、行政处罚信息公示：《中华人民共和国行政许可法》第四十条，《中华人民共和国行政处罚法》第四十八条，《中华人民共和国政府信息公开条例》第二十条',
    en: 'Publication of administrative licences and penalties: Administrative Licensing Law art. 40, Administrative Penalty Law art. 48, Regulations on Open Government Information art. 20',
  },
  judicial_disclosure: {
    zh: '人民法院执行信息公开：《最高人民法院关于公布失信被执行人名单信息的若干规定》（法释〔2017〕7号）第六条，《中华人民共和国民事诉讼法》',
    en: 'Publication of court enforcement information: SPC Provisions on Publishing the List of Dishonest Judgment Debtors (Fa Shi [2017] No. 7) art. 6; Civil Procedure Law',
  },
  tax_administration: {
    zh: '税收征管信息：《中华人民共和国税收征收管理法》第四十五条（欠税公告），《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）',
    en: 'Tax administration: Tax Collection and Administration Law art. 45 (arrears notices); Measures for the Administration of Tax Credit (Trial), SAT Announcement 2014 No. 40',
  },
  credit_investigation: {
    zh: '征信业务：《征信业管理条例》第十三条至第十五条（经信息主体同意或依法采集的信贷信息）',
    en: "Credit investigation: Credit Investigation Industry Regulations (2013) arts. 13-15 (credit data collected by law or with the subject's consent)",
  },
  enterprise_disclosure: {
    zh: '企业信息公示：《企业信息公示暂行条例》第六条、第十七条，《市场监督管理严重违法失信名单管理办法》',
    en: 'Enterprise information disclosure: Interim Regulations on Enterprise Information Disclosure arts. 6 and 17; Measures on the List of Serious Illegality and Dishonesty in Market Supervision',
  },
  labour_supervision: {
    zh: '劳动保障监察：《保障农民工工资支付条例》第四十八条，《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）',
    en: 'Labour inspection: Regulations on Guaranteeing Payment of Wages to Migrant Workers art. 48; Interim Measures on the List of Wage-Arrears Defaulters (MOHRSS Order No. 45)',
  },
  procurement_supervision: {
    zh: '政府采购监督：《中华人民共和国政府采购法》第七十七条，《中华人民共和国政府采购法实施条例》第十九条',
    en: 'Government procurement supervision: Government Procurement Law art. 77; Implementing Regulations art. 19',
  },
  sme_payment: {
    zh: '款项支付：《保障中小企业款项支付条例》第二十五条（机关、事业单位逾期未支付信息纳入信用记录）',
    en: 'Payment of SMEs: Regulations on Ensuring Payment to Small and Medium-Sized Enterprises art. 25 (late payment by public bodies enters their credit record)',
  },
  honours_publication: {
    zh: '诚实守信相关荣誉信息：《全国公共信用信息基础目录》所列表彰奖励信息',
    en: 'Honours for keeping faith: commendations listed in the National Basic Catalogue of Public Credit Information',
  },
} as const satisfies Record<string, LocalisedText>

export type LegalBasisCategory = keyof typeof LEGAL_BASES

/** One allowed value of a coded element, with the words a person reads for it. */
export type CodeLabel = readonly [zh: string, en: string]

/** What each month of a monthly series holds. */
export type MonthlyItem =
  /** a money amount in the record's currency or always in CNY; `signed`: a credit balance (overpaid) is negative */
  | { type: 'amount'; unit: 'record_currency' | 'CNY'; signed: boolean }
  /** a whole-number status on the dictionary's scale, each value explained by the legend */
  | { type: 'level'; minimum: number; maximum: number; legend: LocalisedText }

/** What an element's value is. Every shape is bounded; only `text` is free, and it is scanned at ingestion. */
export type ElementValue =
  /** a document number, case number, account or batch number: bounded, optionally patterned by the dictionary */
  | { type: 'identifier'; maxLength: number; minLength?: number; pattern?: string }
  /** the name of an organisation, an authority, a product, a site or an honour */
  | { type: 'name'; maxLength: number }
  /** bounded free text (a decision's summary): identity numbers and persons' names are masked at ingestion */
  | { type: 'text'; maxLength: number }
  | { type: 'date' }
  /** a calendar month, YYYY-MM */
  | { type: 'month' }
  | { type: 'year'; minimum: number; maximum: number }
  /** one of a closed set of codes */
  | { type: 'code'; values: Readonly<Record<string, CodeLabel>> }
  /** a set of codes, at least one */
  | { type: 'codes'; values: Readonly<Record<string, CodeLabel>> }
  /** a money amount, never negative: in the record's `currency`, or always in CNY */
  | { type: 'amount'; unit: 'record_currency' | 'CNY' }
  | { type: 'count'; minimum: number; maximum?: number; unit: 'persons' | 'accounts' | 'months' | 'days' | 'inquiries' }
  /** a whole number on an ordered scale the dictionary defines (e.g. a band 1 to 4), each value explained by the legend */
  | { type: 'level'; minimum: number; maximum: number; legend: LocalisedText }
  /** a whole-number score given by the source, e.g. a tax credit evaluation out of 100 */
  | { type: 'score'; minimum: number; maximum: number }
  | { type: 'boolean' }
  /** a fixed-length coded string, e.g. 24 months of repayment status */
  | { type: 'coded_string'; length: number; pattern: string; legend: LocalisedText }
  /**
   * one value a month for up to `months` months, oldest first, the last for the record's historyThrough month
   * (a shorter series: the account is younger), e.g. 24 statement balances
   */
  | { type: 'monthly_series'; months: number; item: MonthlyItem }

export type ElementValueType = ElementValue['type']

export interface DataElement {
  /** the field name in records; stable, never reused for another meaning */
  code: string
  name: LocalisedText
  description: LocalisedText
  category: ElementCategory
  value: ElementValue
  /** whom it may describe: a kind may hold it only if every subject type of the kind is listed */
  subjectTypes: readonly SubjectType[]
  /** whether a record of a public kind may carry it */
  mayBePublic: boolean
  legalBasis: LegalBasisCategory
  /** the national catalogue item or record format it comes from */
  source: string
  /** about a natural person's income, deposits, securities, insurance, real estate or tax: only with consent (CIIR art. 14) */
  personsNeedConsent?: true
  /**
   * sample values (the demo, tests and documentation build sample records from them), cycled through;
   * `null` leaves an optional element out of that sample
   */
  examples: readonly unknown[]
}

/** How a record kind names an element and narrows it. Nothing here can widen what the dictionary allows. */
export interface KindElement {
  element: string
  required: boolean
  /** codes: a subset of the dictionary's */
  values?: string[]
  /** strings: a smaller maximum or a larger minimum length */
  maxLength?: number
  minLength?: number
  /** numbers: a smaller range */
  minimum?: number
  maximum?: number
  /** code sets: fewer codes at most */
  maxItems?: number
}

/** The narrowing keys each value type admits. */
export const NARROWING_KEYS: Readonly<Record<ElementValueType, readonly (keyof KindElement)[]>> = {
  identifier: ['maxLength', 'minLength'],
  name: ['maxLength'],
  text: ['maxLength'],
  date: [],
  month: [],
  year: ['minimum', 'maximum'],
  code: ['values'],
  codes: ['values', 'maxItems'],
  amount: ['minimum', 'maximum'],
  count: ['minimum', 'maximum'],
  level: ['minimum', 'maximum'],
  score: [],
  boolean: [],
  coded_string: [],
  monthly_series: [],
}

const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$'

/** The codes a coded element allows once a kind has narrowed it. */
export function allowedCodes(element: DataElement, narrowing?: Pick<KindElement, 'values'>): string[] {
  const value = element.value
  if (value.type !== 'code' && value.type !== 'codes') return []
  const all = Object.keys(value.values)
  return narrowing?.values ? all.filter((c) => narrowing.values!.includes(c)) : all
}

/** The JSON Schema of one element as a kind narrows it (the narrowing is assumed checked). */
export function elementSchema(element: DataElement, n: Omit<KindElement, 'element' | 'required'> = {}): JsonSchema {
  const v = element.value
  const description = element.description.en
  switch (v.type) {
    case 'identifier': {
      const s: JsonSchema = {
        type: 'string',
        description,
        maxLength: n.maxLength ?? v.maxLength,
        minLength: n.minLength ?? v.minLength ?? 1,
      }
      if (v.pattern !== undefined) s.pattern = v.pattern
      return s
    }
    case 'name':
    case 'text':
      return { type: 'string', description, maxLength: n.maxLength ?? v.maxLength, minLength: 1 }
    case 'date':
      return { type: 'string', description, format: 'date', maxLength: 10 }
    case 'month':
      return { type: 'string', description, pattern: MONTH_PATTERN, maxLength: 7 }
    case 'year':
      return { type: 'integer', description, minimum: n.minimum ?? v.minimum, maximum: n.maximum ?? v.maximum }
    case 'code':
      return { type: 'string', description, enum: allowedCodes(element, n) }
    case 'codes': {
      const codes = allowedCodes(element, n)
      return {
        type: 'array',
        description,
        items: { type: 'string', enum: codes },
        minItems: 1,
        maxItems: Math.min(n.maxItems ?? codes.length, codes.length),
        uniqueItems: true,
      }
    }
    case 'amount': {
      const s: JsonSchema = { type: 'number', description, minimum: n.minimum ?? 0 }
      if (n.maximum !== undefined) s.maximum = n.maximum
      return s
    }
    case 'count': {
      const s: JsonSchema = { type: 'integer', description, minimum: n.minimum ?? v.minimum }
      const max = n.maximum ?? v.maximum
      if (max !== undefined) s.maximum = max
      return s
    }
    case 'score':
      return { type: 'integer', description, minimum: v.minimum, maximum: v.maximum }
    case 'boolean':
      return { type: 'boolean', description }
    case 'level':
      return { type: 'integer', description, minimum: n.minimum ?? v.minimum, maximum: n.maximum ?? v.maximum }
    case 'coded_string':
      return { type: 'string', description, minLength: v.length, maxLength: v.length, pattern: v.pattern }
    case 'monthly_series': {
      const item: JsonSchema =
        v.item.type === 'amount'
          ? v.item.signed
            ? { type: 'number' }
            : { type: 'number', minimum: 0 }
          : { type: 'integer', minimum: v.item.minimum, maximum: v.item.maximum }
      return { type: 'array', description, items: item, minItems: 1, maxItems: v.months }
    }
  }
}

/** The closed `fields` schema of a kind made of these elements (the assumption: every name resolves). */
export function kindFieldsSchema(
  elements: readonly KindElement[],
  dictionary: ReadonlyMap<string, DataElement>,
): Omit<JsonSchemaObject, 'examples'> {
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const e of elements) {
    const element = dictionary.get(e.element)
    if (!element) continue
    const { element: _code, required: isRequired, ...narrowing } = e
    properties[e.element] = elementSchema(element, narrowing)
    if (isRequired) required.push(e.element)
  }
  return { type: 'object', properties, required, additionalProperties: false }
}

/** What a narrowing widens, if anything: the key and why. Pure; used by the validator. */
export function wideningOf(element: DataElement, n: KindElement): { key: keyof KindElement; message: string }[] {
  const v = element.value
  const out: { key: keyof KindElement; message: string }[] = []
  const base = elementSchema(element)
  if (n.maxLength !== undefined && base.maxLength !== undefined && n.maxLength > base.maxLength) {
    out.push({
      key: 'maxLength',
      message: `maxLength ${n.maxLength} is longer than the dictionary's ${base.maxLength}`,
    })
  }
  if (n.minLength !== undefined && base.minLength !== undefined && n.minLength < base.minLength) {
    out.push({
      key: 'minLength',
      message: `minLength ${n.minLength} is shorter than the dictionary's ${base.minLength}`,
    })
  }
  if (n.minimum !== undefined && base.minimum !== undefined && n.minimum < base.minimum) {
    out.push({ key: 'minimum', message: `minimum ${n.minimum} is below the dictionary's ${base.minimum}` })
  }
  if (n.maximum !== undefined && base.maximum !== undefined && n.maximum > base.maximum) {
    out.push({ key: 'maximum', message: `maximum ${n.maximum} is above the dictionary's ${base.maximum}` })
  }
  if (n.minimum !== undefined && n.maximum !== undefined && n.minimum > n.maximum) {
    out.push({ key: 'minimum', message: `minimum ${n.minimum} is above maximum ${n.maximum}` })
  }
  if (n.values !== undefined && (v.type === 'code' || v.type === 'codes')) {
    for (const code of n.values) {
      if (!Object.hasOwn(v.values, code))
        out.push({ key: 'values', message: `'${code}' is not a value of ${element.code} in the dictionary` })
    }
  }
  if (n.maxItems !== undefined && v.type === 'codes' && n.maxItems > Object.keys(v.values).length) {
    out.push({
      key: 'maxItems',
      message: `maxItems ${n.maxItems} is more than the ${Object.keys(v.values).length} codes there are`,
    })
  }
  return out
}

/**
 * A sample value of the element as the kind narrows it: the dictionary's example number `n` (cycling),
 * brought inside the kind's bounds. Used for the demo, the tests and documentation.
 */
export function sampleValue(
  element: DataElement,
  narrowing: Omit<KindElement, 'element' | 'required'>,
  n: number,
): unknown {
  const examples = element.examples
  const example = examples[n % examples.length]
  if (example === null || example === undefined) return null
  const v = element.value
  switch (v.type) {
    case 'code': {
      const allowed = allowedCodes(element, narrowing)
      return allowed.includes(example as string) ? example : allowed[0]
    }
    case 'codes': {
      const allowed = allowedCodes(element, narrowing)
      const picked = (example as string[])
        .filter((c) => allowed.includes(c))
        .slice(0, narrowing.maxItems ?? allowed.length)
      return picked.length > 0 ? picked : allowed.slice(0, 1)
    }
    case 'identifier':
    case 'name':
    case 'text': {
      const max = narrowing.maxLength
      return typeof example === 'string' && max !== undefined && example.length > max ? example.slice(0, max) : example
    }
    case 'amount':
    case 'count':
    case 'level':
    case 'year': {
      let x = example as number
      if (narrowing.minimum !== undefined) x = Math.max(x, narrowing.minimum)
      if (narrowing.maximum !== undefined) x = Math.min(x, narrowing.maximum)
      return x
    }
    case 'date':
    case 'month':
    case 'score':
    case 'boolean':
    case 'coded_string':
    case 'monthly_series':
      return example
  }
}

/** A sample record's fields for a kind: every element, required or not, from the dictionary's examples. */
export function sampleFields(
  elements: readonly KindElement[],
  dictionary: ReadonlyMap<string, DataElement>,
  n = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const e of elements) {
    const element = dictionary.get(e.element)
    if (!element) continue
    const { element: _code, required, ...narrowing } = e
    const value = sampleValue(element, narrowing, n)
    if (value === null || value === undefined) {
      if (required) out[e.element] = sampleValue(element, narrowing, 0)
      continue
    }
    out[e.element] = value
  }
  return out
}

/** The words a person reads for a coded value; the code itself if the element has no such value. */
export function codeLabel(element: DataElement, code: string, lang: 'zh' | 'en'): string {
  const v = element.value
  if ((v.type === 'code' || v.type === 'codes') && Object.hasOwn(v.values, code))
    return v.values[code]![lang === 'zh' ? 0 : 1]
  return code
}

/**
 * A record's fields in words, for people: each element's name and its value with codes turned into their
 * words, yes/no for booleans, lists joined. Unknown names (an older catalogue's) are shown as they are.
 */
export function describeFields(
  fields: Readonly<Record<string, unknown>>,
  dictionary: ReadonlyMap<string, DataElement>,
  lang: 'zh' | 'en',
): { name: string; value: string }[] {
  const words = (element: DataElement | undefined, v: unknown): string => {
    if (Array.isArray(v)) return v.map((x) => words(element, x)).join(lang === 'zh' ? '、' : ', ')
    if (typeof v === 'boolean') return v ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no'
    if (typeof v === 'string' && element !== undefined) return codeLabel(element, v, lang)
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)
  }
  return Object.entries(fields).map(([code, value]) => {
    const element = dictionary.get(code)
    return { name: element ? element.name[lang] : code, value: words(element, value) }
  })
}
