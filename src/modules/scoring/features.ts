/**
 * What a scorecard may read. Its inputs are elements of the data-element dictionary, of the finance category
 * (the terms and history of a person's credits), never free column names: the spec maps every column of a
 * development file — to a finance element (and, for a monthly series, which month), to protected attributes
 * (audit-only: kept for the adverse-impact analysis, never an input), or to nothing (`ignored`, not read). A
 * column the spec does not map is refused, and so is an input whose element is unknown, of another category
 * or of a kind of value a scorecard cannot bin. Derived features are declared, not coded — a ratio or
 * difference, the largest, smallest, sum or mean of input columns, or how many of them exceed a threshold —
 * readable in the model file and applied the same way when scoring. The model file records each input's
 * element and the dictionary's version, so anyone can read which element of a credit file each bin rests on.
 */
import { readFileSync } from 'node:fs'
import { DATA_ELEMENTS, DICTIONARY_VERSION, type DataElement, type LocalisedText } from '../catalogue/index.ts'
import { isMissing, TRENDS, type Trend } from './binning.ts'
import {
  canonicalCharacteristic,
  characteristicElements,
  characteristicProblem,
  type Characteristic,
} from './characteristics.ts'
import { outcomeProblems, type OutcomeCoding } from './outcome.ts'

export type Derivation =
  | { name: string; op: 'ratio' | 'difference'; columns: [string, string] }
  | { name: string; op: 'max' | 'min' | 'sum' | 'mean'; columns: string[] }
  | { name: string; op: 'countAbove'; columns: string[]; threshold: number }

export interface FeatureSpec {
  type?: 'numeric' | 'categorical'
  /** values of a numeric feature that mean something else than their size (e.g. -1 = no account): each its own bin, or a list of codes sharing one */
  special?: (number | number[])[]
  /** the reason text given to an applicant when this feature costs points */
  reason?: string
  /** the feature counts credit inquiries (a reason about it is always disclosed if it cost points) */
  inquiries?: boolean
  /** the shape of the risk over the value: only rises (`ascending`), only falls (`descending`), up then down (`peak`), down then up (`valley`), free (`none`), or chosen on the data (`auto`, the default; a boosted card reads peak, valley and auto as none) */
  trend?: Trend
  /** fixed cut points of a numeric feature (ascending): its bins are exactly these */
  splits?: number[]
  /** categories under this share of the rows are pooled into one bin, where an unseen category goes too */
  pool?: number
  /** a bin holds at least this share of the rows binned */
  minShare?: number
  /** a bin of more than one value or quantile holds at most this share of the rows binned */
  maxShare?: number
  /** a bin holds at least this many bads */
  minBads?: number
  /** a bin holds at least this many goods */
  minGoods?: number
}

/** An element a column holds: its code and, for a monthly series, the month (1 = the latest). */
export interface ElementRef {
  element: string
  month?: number
}

/** An input column of a model: its element, and the translation of the file's codes to the element's. */
export interface ModelInput extends ElementRef {
  /** for a coded element: the file's value → the element's code (values already the element's pass as they are) */
  values?: Record<string, string>
}

/** What one column of a development file is. */
export type ColumnMapping =
  | ModelInput
  /** audit-only: the protected attributes the column holds (codes of the protected list) */
  | { protected: string | string[] }
  /** not read: why */
  | { ignored: string }
  /** computed from the person's records as of a date (characteristics.ts), never sent by a lender */
  | { characteristic: Characteristic }

export interface ModelSpec {
  about?: string
  /** every column of the development file but the target */
  columns: Record<string, ColumnMapping>
  features?: Record<string, FeatureSpec>
  derived?: Derivation[]
  /** the file's values of the outcome column, when they are not 1 (bad) and 0 (good) */
  outcome?: OutcomeCoding
}

/** The keys a spec may have, and a feature's settings: any other is a misspelling, refused rather than ignored. */
const SPEC_KEYS = ['about', 'columns', 'features', 'derived', 'outcome']
const FEATURE_KEYS: Record<keyof FeatureSpec, (v: unknown) => boolean> = {
  type: (v) => v === 'numeric' || v === 'categorical',
  special: (v) =>
    Array.isArray(v) &&
    v.every((x) => isNumber(x) || (Array.isArray(x) && x.length > 0 && x.every(isNumber))) &&
    new Set(v.flat()).size === v.flat().length,
  reason: (v) => typeof v === 'string' && v.trim() !== '',
  inquiries: (v) => typeof v === 'boolean',
  trend: (v) => TRENDS.includes(v as Trend),
  splits: (v) => Array.isArray(v) && v.length > 0 && v.every((x, i) => isNumber(x) && (i === 0 || x > v[i - 1])),
  pool: (v) => isNumber(v) && v >= 0 && v < 1,
  minShare: (v) => isNumber(v) && v >= 0 && v < 1,
  maxShare: (v) => isNumber(v) && v > 0 && v <= 1,
  minBads: (v) => Number.isInteger(v) && (v as number) >= 0,
  minGoods: (v) => Number.isInteger(v) && (v as number) >= 0,
}
const FEATURE_KEY_TEXT: Record<keyof FeatureSpec, string> = {
  type: '"numeric" or "categorical"',
  special: 'a list of distinct numbers or lists of numbers (a group sharing one bin)',
  reason: 'a sentence',
  inquiries: 'true or false',
  trend: TRENDS.map((t) => JSON.stringify(t))
    .join(', ')
    .replace(/, ([^,]+)$/, ' or $1'),
  splits: 'a list of ascending numbers',
  pool: 'a share from 0 to under 1',
  minShare: 'a share from 0 to under 1',
  maxShare: 'a share above 0 up to 1',
  minBads: 'a whole number, 0 or more',
  minGoods: 'a whole number, 0 or more',
}
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

export interface ProtectedAttribute {
  code: string
  name: LocalisedText
  basis: string
}

/** The closed list of protected attributes: never inputs, supplied only for the adverse-impact analysis. */
export interface ProtectedList {
  version: string
  attributes: ProtectedAttribute[]
}

/** The shipped protected list (ECOA, Regulation B, CIIR, the charter): `catalogue/protected-features.json`. */
export const DEFAULT_PROTECTED_LIST = new URL('../../../catalogue/protected-features.json', import.meta.url)

const ATTRIBUTE_CODE = /^[a-z][a-z0-9_]{1,63}$/

/**
 * The protected list: the shipped one, or another file (`fides model fit --protected`, the server's
 * FIDES_PROTECTED_FEATURES). A list may add attributes (e.g. a postcode, which stands for national origin);
 * a list without the shipped ones is refused, so that configuration can widen the protection but never narrow it.
 */
export function loadProtectedList(file: string | URL = DEFAULT_PROTECTED_LIST): ProtectedList {
  const list = JSON.parse(readFileSync(file, 'utf8')) as ProtectedList
  const isText = (t: unknown) => typeof t === 'string' && t.trim() !== ''
  if (
    typeof list?.version !== 'string' ||
    !Array.isArray(list.attributes) ||
    list.attributes.some(
      (a) => !ATTRIBUTE_CODE.test(String(a?.code)) || !isText(a.basis) || !isText(a.name?.zh) || !isText(a.name?.en),
    )
  ) {
    throw new Error(
      `${String(file)}: a version and attributes, each { code (lower case, digits, _), name { zh, en }, basis }`,
    )
  }
  const codes = list.attributes.map((a) => a.code)
  const twice = codes.filter((c, i) => codes.indexOf(c) !== i)
  if (twice.length > 0) throw new Error(`${String(file)}: ${twice.join(', ')} listed twice`)
  if (String(file) !== String(DEFAULT_PROTECTED_LIST)) {
    const missing = loadProtectedList()
      .attributes.map((a) => a.code)
      .filter((c) => !codes.includes(c))
    if (missing.length > 0)
      throw new Error(
        `${String(file)}: a protected list may add attributes but not drop the charter's: missing ${missing.join(', ')}`,
      )
  }
  return list
}

export const isProtectedAttribute = (code: string, list: ProtectedList): boolean =>
  list.attributes.some((a) => a.code === code)

/** A refusal of the spec or the data, naming the column (or derived feature) at fault. */
export interface SpecProblem {
  code:
    | 'model.unmapped_column'
    | 'model.unknown_element'
    | 'model.element_category'
    | 'model.element_type'
    | 'model.protected_feature'
    | 'model.bad_mapping'
    | 'model.bad_derivation'
    | 'model.bad_value'
    | 'model.bad_spec'
    | 'model.bad_characteristic'
  column: string
  message: string
}

/** The kinds of value a scorecard can bin: numbers and codes (a date, an identifier or a text cannot be an input). */
const BINNABLE: readonly DataElement['value']['type'][] = [
  'amount',
  'count',
  'level',
  'code',
  'boolean',
  'monthly_series',
]

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** What is wrong with one input (a column mapped to an element), if anything. Used when fitting and when publishing. */
export function inputProblem(column: string, input: unknown, list: ProtectedList): SpecProblem | undefined {
  const problem = (code: SpecProblem['code'], message: string): SpecProblem => ({
    code,
    column,
    message: `${column}: ${message}`,
  })
  if (!isObject(input) || typeof input.element !== 'string')
    return problem('model.bad_mapping', 'an input names its element: { "element": CODE }')
  const extra = Object.keys(input).filter((k) => k !== 'element' && k !== 'month' && k !== 'values')
  if (extra.length > 0)
    return problem(
      'model.bad_mapping',
      `an input has an element, a month (of a monthly series) and values (of a coded element), not ${extra.join(', ')}`,
    )
  const code = input.element
  if (isProtectedAttribute(code, list))
    return problem(
      'model.protected_feature',
      `${code} is a protected attribute: never an input; map the column as { "protected": "${code}" } for the adverse-impact analysis`,
    )
  const element = DATA_ELEMENTS.get(code)
  if (!element)
    return problem(
      'model.unknown_element',
      `${JSON.stringify(code)} is not an element of the data-element dictionary ${DICTIONARY_VERSION}; a scorecard's inputs are its finance elements`,
    )
  if (element.category !== 'finance')
    return problem(
      'model.element_category',
      `${code} is an element of the ${element.category} category; a scorecard of a person uses finance elements only`,
    )
  if (!element.subjectTypes.includes('person'))
    return problem('model.element_category', `${code} does not describe persons`)
  const type = element.value.type
  if (!BINNABLE.includes(type))
    return problem(
      'model.element_type',
      `${code} is a ${type.replace('_', ' ')}; a scorecard bins amounts, counts, levels, codes and monthly series`,
    )
  if (element.value.type === 'monthly_series') {
    const months = element.value.months
    if (!Number.isInteger(input.month) || (input.month as number) < 1 || (input.month as number) > months)
      return problem('model.bad_mapping', `${code} is a monthly series: name the month, 1 (the latest) to ${months}`)
  } else if (input.month !== undefined) return problem('model.bad_mapping', `${code} is not a monthly series: no month`)
  if (input.values !== undefined) {
    if (element.value.type !== 'code')
      return problem('model.bad_mapping', `${code} is not a coded element: no values to translate`)
    const codes = element.value.values
    if (!isObject(input.values))
      return problem('model.bad_mapping', "values map the file's values to the element's codes")
    const wrong = Object.entries(input.values)
      .filter(([, c]) => typeof c !== 'string' || !Object.hasOwn(codes, c))
      .map(([v, c]) => `${v} → ${JSON.stringify(c)}`)
    if (wrong.length > 0)
      return problem(
        'model.bad_mapping',
        `values must be codes of ${code} (${Object.keys(codes).join(', ')}): ${wrong.join(', ')}`,
      )
  }
  return undefined
}

/** The columns of a development file as its spec maps them, once every column is accounted for. */
export interface ResolvedSpec {
  inputs: Record<string, ModelInput>
  /** audit-only columns and the protected attributes each holds */
  protectedAttributes: Record<string, string[]>
  ignored: string[]
  derived: Derivation[]
  /** columns computed from the file (characteristics.ts), by their names */
  characteristics: Record<string, Characteristic>
}

/**
 * Checks a spec against a development file's columns: every column but the target mapped, each input a finance
 * element a scorecard can bin, each element (and month) once, derived features reading inputs only, feature
 * settings only for inputs and derived features. Returns every problem, in column order, then the spec's.
 */
export function resolveSpec(
  spec: unknown,
  columns: readonly string[],
  target: string,
  list: ProtectedList,
): ResolvedSpec | SpecProblem[] {
  if (!isObject(spec) || !isObject(spec.columns)) {
    return [
      {
        code: 'model.bad_mapping',
        column: '',
        message:
          'the spec maps every column of the file under "columns": to a finance element, to protected attributes (audit-only) or as ignored',
      },
    ]
  }
  const mappings = spec.columns
  const problems: SpecProblem[] = []
  for (const key of Object.keys(spec))
    if (!SPEC_KEYS.includes(key))
      problems.push({
        code: 'model.bad_spec',
        column: '',
        message: `the spec has no key ${JSON.stringify(key)}: it has ${SPEC_KEYS.join(', ')}`,
      })
  for (const message of outcomeProblems(spec.outcome)) problems.push({ code: 'model.bad_spec', column: '', message })
  const resolved: ResolvedSpec = { inputs: {}, protectedAttributes: {}, ignored: [], derived: [], characteristics: {} }
  const seen = new Map<string, string>()
  for (const column of columns) {
    if (column === target) continue
    if (!Object.hasOwn(mappings, column)) {
      problems.push({
        code: 'model.unmapped_column',
        column,
        message: `${column}: not mapped; the spec maps each column to a finance element, to protected attributes (audit-only) or as ignored`,
      })
      continue
    }
    const m = mappings[column]
    if (isObject(m) && Object.hasOwn(m, 'protected')) {
      const codes = typeof m.protected === 'string' ? [m.protected] : m.protected
      const unknown = Array.isArray(codes)
        ? codes.filter((c) => typeof c !== 'string' || !isProtectedAttribute(c, list))
        : [codes]
      if (Object.keys(m).length !== 1 || !Array.isArray(codes) || codes.length === 0 || unknown.length > 0) {
        problems.push({
          code: 'model.bad_mapping',
          column,
          message: `${column}: { "protected": CODE or [CODE, ...] } names attributes of the protected list ${list.version} (${list.attributes.map((a) => a.code).join(', ')})${unknown.length > 0 ? `; not one: ${unknown.map((c) => JSON.stringify(c)).join(', ')}` : ''}`,
        })
      } else resolved.protectedAttributes[column] = codes as string[]
    } else if (isObject(m) && Object.hasOwn(m, 'ignored')) {
      if (Object.keys(m).length !== 1 || typeof m.ignored !== 'string' || m.ignored.trim() === '')
        problems.push({
          code: 'model.bad_mapping',
          column,
          message: `${column}: { "ignored": WHY } says why the column is not read`,
        })
      else resolved.ignored.push(column)
    } else if (isObject(m) && Object.hasOwn(m, 'characteristic')) {
      const problem =
        Object.keys(m).length === 1 ? characteristicProblem(m.characteristic) : 'nothing but the characteristic'
      if (problem !== undefined)
        problems.push({ code: 'model.bad_characteristic', column, message: `${column}: ${problem}` })
      else {
        const c = canonicalCharacteristic(m.characteristic as Characteristic)
        const other = seen.get(JSON.stringify(c))
        if (other !== undefined)
          problems.push({
            code: 'model.bad_mapping',
            column,
            message: `${column}: the same characteristic as ${other}`,
          })
        seen.set(JSON.stringify(c), column)
        resolved.characteristics[column] = c
      }
    } else {
      const problem = inputProblem(column, m, list)
      if (problem) {
        problems.push(problem)
        continue
      }
      const input = m as unknown as ModelInput
      const key = `${input.element}#${input.month ?? ''}`
      const other = seen.get(key)
      if (other !== undefined)
        problems.push({
          code: 'model.bad_mapping',
          column,
          message: `${column}: ${refText(input)} is mapped from ${other} already`,
        })
      seen.set(key, column)
      resolved.inputs[column] = {
        element: input.element,
        ...(input.month !== undefined ? { month: input.month } : {}),
        ...(input.values !== undefined ? { values: input.values } : {}),
      }
    }
  }
  for (const column of Object.keys(mappings)) {
    if (column === target)
      problems.push({
        code: 'model.bad_mapping',
        column,
        message: `${column} is the target (the outcome), not a column to map`,
      })
    else if (!columns.includes(column))
      problems.push({
        code: 'model.bad_mapping',
        column,
        message: `${column}: mapped, but the file has no such column`,
      })
  }
  const derived = (spec.derived ?? []) as Derivation[]
  if (!Array.isArray(derived))
    problems.push({ code: 'model.bad_derivation', column: '', message: 'derived is a list of derivations' })
  else {
    problems.push(
      ...checkDerivations(
        derived,
        [...Object.keys(resolved.inputs), ...Object.keys(resolved.characteristics)],
        resolved.protectedAttributes,
      ),
    )
    resolved.derived = derived
  }
  const features = spec.features ?? {}
  if (!isObject(features))
    problems.push({
      code: 'model.bad_mapping',
      column: '',
      message: "features is an object: a feature's settings by its name",
    })
  else {
    const names = new Set([
      ...Object.keys(resolved.inputs),
      ...Object.keys(resolved.characteristics),
      ...(Array.isArray(derived) ? derived.map((d) => d.name) : []),
    ])
    for (const [name, settings] of Object.entries(features)) {
      if (!names.has(name))
        problems.push({
          code: Object.hasOwn(resolved.protectedAttributes, name) ? 'model.protected_feature' : 'model.bad_mapping',
          column: name,
          message: `features.${name}: not an input column or a derived feature`,
        })
      else if (!isObject(settings))
        problems.push({ code: 'model.bad_spec', column: name, message: `features.${name}: an object of settings` })
      else
        for (const [key, value] of Object.entries(settings)) {
          const check = FEATURE_KEYS[key as keyof FeatureSpec]
          if (!Object.hasOwn(FEATURE_KEYS, key))
            problems.push({
              code: 'model.bad_spec',
              column: name,
              message: `features.${name}.${key}: no such setting; a feature has ${Object.keys(FEATURE_KEYS).join(', ')}`,
            })
          else if (!check(value))
            problems.push({
              code: 'model.bad_spec',
              column: name,
              message: `features.${name}.${key} is ${FEATURE_KEY_TEXT[key as keyof FeatureSpec]}, not ${JSON.stringify(value)}`,
            })
        }
      if (isObject(settings)) problems.push(...settingConflicts(name, settings))
    }
  }
  return problems.length > 0 ? problems : resolved
}

/** Settings each valid alone that contradict each other. */
function settingConflicts(name: string, settings: Record<string, unknown>): SpecProblem[] {
  const out: SpecProblem[] = []
  const bad = (key: string, message: string) =>
    out.push({ code: 'model.bad_spec', column: name, message: `features.${name}.${key}: ${message}` })
  const { minShare, maxShare } = settings
  if (typeof minShare === 'number' && typeof maxShare === 'number' && minShare > maxShare)
    bad('minShare', `${minShare} is above maxShare ${maxShare}`)
  if (settings.splits !== undefined && settings.type === 'categorical')
    bad('splits', 'cut points are for a numeric feature, not a categorical one')
  if (settings.splits !== undefined && settings.trend !== undefined && settings.trend !== 'none')
    bad('trend', 'the bins of a feature with splits are fixed: it has no trend to follow')
  return out
}

const refText = (r: ElementRef) => (r.month === undefined ? r.element : `${r.element} month ${r.month}`)

/** The columns a derived feature reads. */
export const inputsOf = (d: Derivation): string[] => d.columns

/** The elements a feature rests on: an input's own, or those of every input a derived feature reads, in order. */
export function featureElements(
  name: string,
  derived: readonly Derivation[],
  inputs: Readonly<Record<string, ModelInput>>,
  characteristics: Readonly<Record<string, Characteristic>> = {},
): ElementRef[] {
  const out: ElementRef[] = []
  const add = (refs: readonly ElementRef[]) => {
    for (const input of refs)
      if (!out.some((r) => r.element === input.element && r.month === input.month))
        out.push(
          input.month === undefined ? { element: input.element } : { element: input.element, month: input.month },
        )
  }
  const visit = (n: string, depth: number) => {
    const input = Object.hasOwn(inputs, n) ? inputs[n] : undefined
    if (input) return add([input])
    const c = Object.hasOwn(characteristics, n) ? characteristics[n] : undefined
    if (c) return add(characteristicElements(c))
    const d = derived.find((x) => x.name === n)
    if (d && depth < derived.length) for (const c of d.columns) visit(c, depth + 1)
  }
  visit(name, 0)
  return out
}

/**
 * A column's value as the element has it: a coded element's file value translated to its code. Other
 * values pass unchanged (numbers, codes already the element's, and anything unknown, which bins as unseen).
 */
export function elementValue(input: ModelInput | undefined, raw: string): string {
  const values = input?.values
  return values !== undefined && Object.hasOwn(values, raw) ? values[raw]! : raw
}

/** Why a value of a development file does not fit its element, if it does not (a missing value fits). */
function valueProblem(element: DataElement, value: string): string | undefined {
  if (isMissing(value)) return undefined
  const v = element.value
  const item = v.type === 'monthly_series' ? v.item : v
  switch (item.type) {
    case 'code':
      return Object.hasOwn(item.values, value) ? undefined : `not a code of ${element.code}`
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'not true or false'
    case 'amount': {
      const n = Number(value)
      if (!Number.isFinite(n)) return 'not an amount'
      return n < 0 && !('signed' in item && item.signed) ? 'a negative amount' : undefined
    }
    case 'count':
    case 'level': {
      const n = Number(value)
      if (!Number.isInteger(n)) return 'not a whole number'
      if (n < item.minimum || ('maximum' in item && item.maximum !== undefined && n > item.maximum))
        return `outside ${item.minimum}..${item.maximum ?? ''}`
      return undefined
    }
    default:
      return `a ${item.type} cannot be binned`
  }
}

/**
 * The table with every input column's values as their elements have them (coded values translated), checked
 * against the elements: a value that does not fit its element is refused, naming the column, line and value.
 */
export function toElementValues(
  table: { columns: string[]; rows: string[][] },
  inputs: Readonly<Record<string, ModelInput>>,
  features: ModelSpec['features'] = {},
): { columns: string[]; rows: string[][] } | SpecProblem[] {
  const at = Object.entries(inputs)
    .map(([column, input]) => ({
      column,
      input,
      index: table.columns.indexOf(column),
      element: DATA_ELEMENTS.get(input.element)!,
    }))
    .filter((c) => c.index >= 0)
  // a special value the spec declares (e.g. -7 = no delinquency to count months since) is a code of the file, binned
  // apart, not a value of the element
  const specials = new Map(at.map((c) => [c.column, new Set(features?.[c.column]?.special ?? [])]))
  const problems: SpecProblem[] = []
  const rows = table.rows.map((row) => row.slice())
  for (const c of at) {
    let bad = 0
    const shown: string[] = []
    rows.forEach((row, i) => {
      const value = elementValue(c.input, row[c.index]!)
      const problem = specials.get(c.column)?.has(Number(value)) ? undefined : valueProblem(c.element, value)
      if (problem !== undefined && bad++ < 3) shown.push(`line ${i + 2}: ${JSON.stringify(row[c.index])} ${problem}`)
      row[c.index] = value
    })
    if (bad > 0) {
      const hint =
        c.element.value.type === 'code' && c.input.values === undefined
          ? '; translate the file\'s codes with "values"'
          : ''
      problems.push({
        code: 'model.bad_value',
        column: c.column,
        message: `${c.column} (${refText(c.input)}): ${bad} values do not fit the element (${shown.join('; ')}${bad > shown.length ? '; ...' : ''})${hint}`,
      })
    }
  }
  return problems.length > 0 ? problems : { columns: table.columns, rows }
}

/** Computes a derived feature for one row (NaN when an input is missing or a ratio divides by 0). */
export function derive(d: Derivation, get: (column: string) => string): number {
  const xs = d.columns.map((c) => {
    const v = get(c)
    return isMissing(v) ? NaN : Number(v)
  })
  if (xs.some((x) => !Number.isFinite(x))) return NaN
  switch (d.op) {
    case 'ratio':
      return xs[1] === 0 ? NaN : xs[0]! / xs[1]!
    case 'difference':
      return xs[0]! - xs[1]!
    case 'max':
      return Math.max(...xs)
    case 'min':
      return Math.min(...xs)
    case 'sum':
      return xs.reduce((a, b) => a + b, 0)
    case 'mean':
      return xs.reduce((a, b) => a + b, 0) / xs.length
    case 'countAbove':
      return xs.filter((x) => x > d.threshold).length
  }
}

export const DERIVATIONS: readonly string[] = ['ratio', 'difference', 'max', 'min', 'sum', 'mean', 'countAbove']

/**
 * Checks a spec's derivations: known operations, unique names, and columns that are inputs or earlier derived
 * features — never an audit-only column (a protected attribute), an ignored one or one the file lacks.
 */
export function checkDerivations(
  derived: readonly Derivation[],
  inputs: readonly string[],
  protectedColumns: Readonly<Record<string, string[]>> = {},
): SpecProblem[] {
  const problems: SpecProblem[] = []
  const names = new Set(inputs)
  const taken = new Set([...inputs, ...Object.keys(protectedColumns)])
  for (const d of derived) {
    const name = typeof d?.name === 'string' ? d.name : ''
    const problem = (message: string, code: SpecProblem['code'] = 'model.bad_derivation') =>
      problems.push({ code, column: name, message: `derived feature ${name}: ${message}` })
    if (!isObject(d) || name === '') {
      problems.push({
        code: 'model.bad_derivation',
        column: '',
        message: 'a derived feature has a name, an operation and columns',
      })
      continue
    }
    if (!DERIVATIONS.includes(d.op)) problem(`unknown operation ${String(d.op)}`)
    if (
      !Array.isArray(d.columns) ||
      d.columns.length === 0 ||
      ((d.op === 'ratio' || d.op === 'difference') && d.columns.length !== 2)
    )
      problem(d.op === 'ratio' || d.op === 'difference' ? `a ${d.op} takes two columns` : 'needs columns')
    for (const c of Array.isArray(d.columns) ? d.columns : []) {
      if (Object.hasOwn(protectedColumns, String(c)))
        problem(
          `${c} is a protected attribute (${protectedColumns[String(c)]!.join(', ')}): never an input, not even through a derived feature`,
          'model.protected_feature',
        )
      else if (!names.has(c))
        problem(`${c} is not an input column (mapped to an element) or an earlier derived feature`)
    }
    if (d.op === 'countAbove' && typeof d.threshold !== 'number') problem('countAbove needs a threshold')
    if (taken.has(name)) problem('the name is already taken')
    names.add(name)
    taken.add(name)
  }
  return problems
}
