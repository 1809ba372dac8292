/**
 * What changed between two stored catalogue versions (pure): kinds added, removed and changed, and for
 * each change every property before and after; a kind's data elements added, removed and narrowed
 * differently. The same for the list catalogue's list kinds and measures.
 *
 * Versions are compared as stored, whatever format they were published in: a record-kind catalogue of
 * the 2026.1 format gave each kind a JSON Schema `fields` object instead of `elements`, so when either
 * version is in that format a kind's elements are compared by field name and whether it is required
 * (`comparedBy: 'name'`); when both list elements, each element's narrowing is compared too.
 */
import { KIND_TYPES, fixedFieldsOf } from './dictionary/kinds.ts'
import { canonicalJson } from '../../platform/crypto.ts'
import type { LocalisedText } from './catalogue.ts'

export interface PropertyChange {
  property: string
  before: unknown
  after: unknown
}

export interface ElementRef {
  element: string
  required: boolean
}

export interface ElementsDiff {
  /** narrowing: both versions list elements; name: one is of the 2026.1 format and only names and `required` compare */
  comparedBy: 'narrowing' | 'name'
  added: ElementRef[]
  removed: ElementRef[]
  /** elements in both whose narrowing (required, codes, bounds) differs */
  narrowed: { element: string; changes: PropertyChange[] }[]
}

/** What is added, removed or changed: a kind, a list kind, or a measure (a measure is its code, list kind and area). */
export interface DiffItem {
  code: string
  listKind: string | null
  area: string | null
  name: LocalisedText | null
}

export interface ChangedItem extends DiffItem {
  properties: PropertyChange[]
  /** record kinds only */
  elements: ElementsDiff | null
}

export type DiffSectionName = 'kinds' | 'listKinds' | 'measures'

export interface DiffSection {
  section: DiffSectionName
  added: DiffItem[]
  removed: DiffItem[]
  changed: ChangedItem[]
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null)
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const localised = (v: unknown): LocalisedText | null =>
  isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string' ? { zh: v.zh, en: v.en } : null
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : [])

/** Every property of either side that differs, in a stable order (the before side's keys first), except `skip`. */
function propertyChanges(before: Json, after: Json, skip: readonly string[]): PropertyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.includes(k))
  return keys
    .filter((k) => !same(before[k], after[k]))
    .map((k) => ({ property: k, before: before[k] ?? null, after: after[k] ?? null }))
}

/** Items keyed by `key`, in their order; an item without a key is left out (a stored version was valid when loaded). */
function byKey(items: Json[], key: (item: Json) => string | null): Map<string, Json> {
  const out = new Map<string, Json>()
  for (const item of items) {
    const k = key(item)
    if (k !== null && !out.has(k)) out.set(k, item)
  }
  return out
}

function section(
  name: DiffSectionName,
  before: Map<string, Json>,
  after: Map<string, Json>,
  describe: (item: Json) => DiffItem,
  change: (b: Json, a: Json) => Omit<ChangedItem, keyof DiffItem> | null,
): DiffSection {
  const out: DiffSection = { section: name, added: [], removed: [], changed: [] }
  for (const [k, b] of before) {
    const a = after.get(k)
    if (a === undefined) {
      out.removed.push(describe(b))
      continue
    }
    const changed = change(b, a)
    if (changed) out.changed.push({ ...describe(a), ...changed })
  }
  for (const [k, a] of after) if (!before.has(k)) out.added.push(describe(a))
  return out
}

/** The narrowing keys a kind's element may carry (elements.ts KindElement), `required` first. */
const NARROWING_KEYS = ['required', 'values', 'maxLength', 'minLength', 'minimum', 'maximum', 'maxItems'] as const

/** A kind's elements by code: from `elements` (2026.2 on), else from the 2026.1 `fields` schema's properties. */
function elementsOf(kind: Json): { format: 'elements' | 'fields'; elements: Map<string, Json> } {
  if (Array.isArray(kind.elements))
    return { format: 'elements', elements: byKey(objects(kind.elements), (e) => text(e.element)) }
  const fields = isObject(kind.fields) ? kind.fields : {}
  const properties = isObject(fields.properties) ? fields.properties : {}
  const required = Array.isArray(fields.required) ? fields.required : []
  return {
    format: 'fields',
    elements: new Map(
      Object.keys(properties).map((name) => [name, { element: name, required: required.includes(name) }]),
    ),
  }
}

/** How two versions of one kind's elements differ; null if they do not. */
export function diffElements(before: Json, after: Json): ElementsDiff | null {
  const b = elementsOf(before),
    a = elementsOf(after)
  const comparedBy = b.format === 'elements' && a.format === 'elements' ? 'narrowing' : 'name'
  const ref = (e: Json): ElementRef => ({ element: String(e.element), required: e.required === true })
  const out: ElementsDiff = { comparedBy, added: [], removed: [], narrowed: [] }
  for (const [code, be] of b.elements) {
    const ae = a.elements.get(code)
    if (ae === undefined) {
      out.removed.push(ref(be))
      continue
    }
    const keys = comparedBy === 'narrowing' ? NARROWING_KEYS : (['required'] as const)
    const changes = keys
      .filter((k) => !same(k === 'required' ? be[k] === true : be[k], k === 'required' ? ae[k] === true : ae[k]))
      .map((k) => ({
        property: k,
        before: k === 'required' ? be[k] === true : (be[k] ?? null),
        after: k === 'required' ? ae[k] === true : (ae[k] ?? null),
      }))
    if (changes.length > 0) out.narrowed.push({ element: code, changes })
  }
  for (const [code, ae] of a.elements) if (!b.elements.has(code)) out.added.push(ref(ae))
  return out.added.length + out.removed.length + out.narrowed.length === 0 ? null : out
}

const kindItem = (k: Json): DiffItem => ({ code: String(k.code), listKind: null, area: null, name: localised(k.name) })

/** Record kinds added, removed and changed between two stored record-kind catalogues. */
export function diffRecordKinds(before: unknown, after: unknown): DiffSection[] {
  // since 2026.2 a stored file leaves a kind's name, legal basis, category, polarity and severity to the dictionary
  // of kind types: compared as the dictionary gives them
  const resolved = (k: Json): Json => {
    const type = KIND_TYPES.find((t) => t.code === k.code)
    return type === undefined || Object.hasOwn(k, 'name') ? k : { ...k, ...fixedFieldsOf(type) }
  }
  const kinds = (c: unknown) => byKey(objects(isObject(c) ? c.kinds : undefined).map(resolved), (k) => text(k.code))
  return [
    section('kinds', kinds(before), kinds(after), kindItem, (b, a) => {
      // `fields` is derived from the elements (or, in 2026.1, was the elements): compared as elements
      const properties = propertyChanges(b, a, ['code', 'elements', 'fields'])
      const elements = diffElements(b, a)
      return properties.length === 0 && elements === null ? null : { properties, elements }
    }),
  ]
}

/** List kinds and measures added, removed and changed between two stored list catalogues. */
export function diffListCatalogues(before: unknown, after: unknown): DiffSection[] {
  const listKinds = (c: unknown) => byKey(objects(isObject(c) ? c.listKinds : undefined), (k) => text(k.code))
  // a measure type may be selected once per list kind and area: that is its identity
  const measureKey = (m: Json) =>
    typeof m.code === 'string' ? JSON.stringify([m.code, m.listKind ?? null, m.area ?? null]) : null
  const measures = (c: unknown) => byKey(objects(isObject(c) ? c.measures : undefined), measureKey)
  const measureItem = (m: Json): DiffItem => ({
    code: String(m.code),
    listKind: text(m.listKind),
    area: text(m.area),
    name: localised(m.name),
  })
  const changes = (skip: readonly string[]) => (b: Json, a: Json) => {
    const properties = propertyChanges(b, a, skip)
    return properties.length === 0 ? null : { properties, elements: null }
  }
  return [
    section('listKinds', listKinds(before), listKinds(after), kindItem, changes(['code'])),
    section('measures', measures(before), measures(after), measureItem, changes(['code', 'listKind', 'area'])),
  ]
}
