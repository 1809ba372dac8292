import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { canonicalJson } from '../../platform/crypto.ts'
import { shipped } from './catalogue.fixtures.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import { diffListCatalogues, diffRecordKinds, type DiffSection } from './diff.ts'
import { validateListCatalogue } from './list-catalogue.ts'

type Json = Record<string, unknown>
type Kind = Json & { code: string; elements: (Json & { element: string })[] }
/** A catalogue as it is stored: the validated one (with the derived `fields`), through JSON like the database. */
const stored = (c: unknown): { kinds: Kind[] } & Json => JSON.parse(canonicalJson(c)) as { kinds: Kind[] } & Json
const validated = () => {
  const r = validateCatalogue(shipped())
  assert.ok(r.ok)
  return stored(r.catalogue)
}
const kind = (c: { kinds: Kind[] }, code: string) => c.kinds.find((k) => k.code === code)!
const only = (sections: DiffSection[]) => {
  assert.equal(sections.length, 1)
  return sections[0]!
}
const count = (s: DiffSection) => s.added.length + s.removed.length + s.changed.length

test('the same version twice: nothing changed', () => {
  const s = only(diffRecordKinds(validated(), validated()))
  assert.equal(s.section, 'kinds')
  assert.equal(count(s), 0)
})

test('kinds added and removed are named; a changed property says what it was and what it became', () => {
  const before = validated(),
    after = validated()
  const commendation = kind(after, 'commendation')
  after.kinds = after.kinds.filter((k) => k.code !== 'commendation')
  after.kinds.push({
    ...structuredClone(commendation),
    code: 'green_commendation',
    name: { zh: '绿色表彰', en: 'Green commendation' },
  })
  kind(after, 'admin_licence').display = { window: 'P2Y', maxWindow: 'P5Y' }
  kind(after, 'admin_penalty_general').repairable = false
  const s = only(diffRecordKinds(before, after))
  assert.deepEqual(s.removed, [{ code: 'commendation', listKind: null, area: null, name: commendation.name }])
  assert.deepEqual(
    s.added.map((i) => [i.code, i.name?.en]),
    [['green_commendation', 'Green commendation']],
  )
  assert.deepEqual(
    s.changed.map((c) => [c.code, c.properties, c.elements]),
    [
      [
        'admin_licence',
        [
          {
            property: 'display',
            before: { window: 'P3Y', maxWindow: 'P5Y' },
            after: { window: 'P2Y', maxWindow: 'P5Y' },
          },
        ],
        null,
      ],
      ['admin_penalty_general', [{ property: 'repairable', before: true, after: false }], null],
    ],
  )
})

test('a property that appears or disappears is a change from or to nothing', () => {
  const before = validated(),
    after = validated()
  delete kind(after, 'admin_penalty_general').minimumPublication
  const [change] = only(diffRecordKinds(before, after)).changed
  assert.deepEqual(change!.properties, [
    { property: 'minimumPublication', before: kind(before, 'admin_penalty_general').minimumPublication, after: null },
  ])
})

test('elements added, removed and narrowed differently, each with what changed', () => {
  const before = validated(),
    after = validated()
  const licence = kind(after, 'admin_licence')
  licence.elements = licence.elements.filter((e) => e.element !== 'scope')
  licence.elements.push({ element: 'summary', required: false })
  licence.elements.find((e) => e.element === 'licenceNumber')!.required = true
  const penalty = kind(after, 'admin_penalty_general')
  penalty.elements.find((e) => e.element === 'currency')!.values = ['CNY', 'USD']
  const s = only(diffRecordKinds(before, after))
  const byCode = new Map(s.changed.map((c) => [c.code, c]))
  assert.deepEqual(byCode.get('admin_licence')!.elements, {
    comparedBy: 'narrowing',
    added: [{ element: 'summary', required: false }],
    removed: [{ element: 'scope', required: false }],
    narrowed: [{ element: 'licenceNumber', changes: [{ property: 'required', before: false, after: true }] }],
  })
  assert.deepEqual(
    byCode.get('admin_licence')!.properties,
    [],
    'the derived fields schema is not a property change of its own',
  )
  assert.deepEqual(byCode.get('admin_penalty_general')!.elements!.narrowed, [
    { element: 'currency', changes: [{ property: 'values', before: ['CNY'], after: ['CNY', 'USD'] }] },
  ])
})

test("a dictionary change that reaches only the derived fields schema is not reported as the kind's change", () => {
  const before = validated(),
    after = validated()
  const fields = kind(after, 'admin_licence').fields as { properties: Record<string, Json> }
  fields.properties.scope!.description = 'reworded in the dictionary'
  assert.equal(count(only(diffRecordKinds(before, after))), 0)
})

// The 2026.1 format: each kind's record fields as a JSON Schema object, no elements.
const OLD = {
  catalogueVersion: '2026.1',
  publishedOn: '2026-01-15',
  kinds: [
    {
      code: 'admin_licence',
      category: 'licensing',
      name: { zh: '行政许可', en: 'Administrative licence' },
      legalBasis: { zh: '行政许可法', en: 'Administrative Licensing Law' },
      subjectTypes: ['enterprise'],
      polarity: 'neutral',
      disclosure: 'public',
      display: { window: 'P3Y', maxWindow: 'P5Y' },
      retention: { period: 'P5Y', from: 'conduct_end' },
      repairable: false,
      fields: {
        type: 'object',
        additionalProperties: false,
        required: ['decisionNumber', 'licenceName', 'authority'],
        properties: {
          decisionNumber: { type: 'string', maxLength: 64, description: 'Number of the decision.' },
          licenceName: { type: 'string', maxLength: 200 },
          licenceNumber: { type: 'string', maxLength: 64 },
          authority: { type: 'string', maxLength: 200 },
        },
      },
    },
    {
      code: 'old_only_kind',
      category: 'licensing',
      name: { zh: '旧类别', en: 'Old kind' },
      legalBasis: { zh: '依据', en: 'basis' },
      subjectTypes: ['enterprise'],
      polarity: 'neutral',
      disclosure: 'restricted',
      display: null,
      retention: { period: 'P1Y', from: 'decision' },
      repairable: false,
      fields: {
        type: 'object',
        additionalProperties: false,
        required: [],
        properties: { note: { type: 'string', maxLength: 10 } },
      },
    },
  ],
}

test('from the 2026.1 format (fields, no elements): elements compared by name and whether they are required', () => {
  const after = validated()
  const s = only(diffRecordKinds(OLD, after))
  assert.deepEqual(
    s.removed.map((i) => i.code),
    ['old_only_kind'],
  )
  assert.equal(s.added.length, after.kinds.length - 1)
  const licence = s.changed.find((c) => c.code === 'admin_licence')!
  const elements = licence.elements!
  assert.equal(elements.comparedBy, 'name')
  // licenceNumber: in both, optional in both (its bounds are not compared across formats)
  const names = (refs: { element: string }[]) => refs.map((r) => r.element).sort()
  assert.deepEqual(names(elements.removed), ['authority'])
  assert.deepEqual(
    names(elements.added),
    kind(after, 'admin_licence')
      .elements.map((e) => e.element)
      .filter((e) => !['decisionNumber', 'licenceName', 'licenceNumber'].includes(e))
      .sort(),
  )
  assert.deepEqual(elements.narrowed, [])
  assert.deepEqual(
    licence.properties.map((p) => p.property),
    ['legalBasis', 'subjectTypes'],
  )
  // and back: the same differences the other way round
  const back = only(diffRecordKinds(after, OLD))
  assert.deepEqual(
    back.added.map((i) => i.code),
    ['old_only_kind'],
  )
  assert.deepEqual(names(back.changed.find((c) => c.code === 'admin_licence')!.elements!.added), ['authority'])
})

test('two versions of the 2026.1 format: a field that becomes required is a change', () => {
  const after = structuredClone(OLD) as unknown as {
    kinds: { fields: { required: string[]; properties: Record<string, Json> } }[]
  }
  after.kinds[0]!.fields.required.push('licenceNumber')
  after.kinds[0]!.fields.properties.licenceNumber!.maxLength = 32
  const [change] = only(diffRecordKinds(OLD, after)).changed
  assert.deepEqual(change!.elements, {
    comparedBy: 'name',
    added: [],
    removed: [],
    narrowed: [{ element: 'licenceNumber', changes: [{ property: 'required', before: false, after: true }] }],
  })
})

const recordKinds = new Set(shipped().kinds.map((k) => k.code))
const listsFile = JSON.parse(readFileSync(new URL('../../../catalogue/lists.json', import.meta.url), 'utf8')) as {
  listKinds: Json[]
  measures: Json[]
} & Json
const lists = (change: (c: typeof listsFile) => void = () => {}) => {
  const copy = structuredClone(listsFile)
  change(copy)
  const r = validateListCatalogue(copy, recordKinds)
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems))
  return JSON.parse(canonicalJson(r.catalogue)) as unknown
}

test('list catalogues: list kinds and measures added, removed and changed; a measure is its code, list kind and area', () => {
  assert.deepEqual(diffListCatalogues(lists(), lists()).map(count), [0, 0])
  const after = lists((c) => {
    c.listKinds.find((k) => k.code === 'tax_d_grade')!.objectionWindow = 'P45D'
    const consumption = c.measures.find((m) => m.code === 'high_consumption_restriction')!
    consumption.items = (consumption.items as string[]).filter((i) => i !== 'travel_and_holidays')
    c.measures = c.measures.filter((m) => m.code !== 'honours_restriction')
    c.measures.push({ code: 'procurement_exclusion', listKind: 'seriously_untrustworthy', area: 'health_and_safety' })
  })
  const [listKinds, measures] = diffListCatalogues(lists(), after)
  assert.equal(listKinds!.section, 'listKinds')
  assert.deepEqual(
    listKinds!.changed.map((c) => [c.code, c.properties]),
    [['tax_d_grade', [{ property: 'objectionWindow', before: 'P30D', after: 'P45D' }]]],
  )
  assert.equal(measures!.section, 'measures')
  assert.deepEqual(
    measures!.removed.map((m) => [m.code, m.listKind, m.area]),
    [['honours_restriction', 'abnormal_operations', 'market_order']],
  )
  assert.deepEqual(
    measures!.added.map((m) => [m.code, m.listKind, m.area]),
    [['procurement_exclusion', 'seriously_untrustworthy', 'health_and_safety']],
  )
  const consumption = measures!.changed.find((m) => m.code === 'high_consumption_restriction')!
  assert.deepEqual(
    consumption.properties.map((p) => p.property),
    ['items'],
  )
  assert.equal(
    (consumption.properties[0]!.before as unknown[]).length - 1,
    (consumption.properties[0]!.after as unknown[]).length,
  )
})
