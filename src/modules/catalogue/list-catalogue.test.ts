import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { durationExceeds } from './durations.ts'
import { loadCatalogue } from './load.ts'
import { LIST_PROBLEM_CODES as C, validateListCatalogue, type ListKind } from './list-catalogue.ts'
import {
  MEASURE_DICTIONARY,
  MEASURE_DICTIONARY_VERSION,
  findMeasureType,
  type SelectableMeasureType,
} from './measures.ts'

type Selection = Record<string, unknown>
/** The list catalogue as its file is written: list kinds, and measures selected from the dictionary. */
interface ListCatalogueFile {
  listCatalogueVersion: string
  publishedOn: string
  listKinds: ListKind[]
  measures: Selection[]
}

const recordKinds = new Set((await loadCatalogue()).kinds.map((k) => k.code))
const shipped = JSON.parse(
  readFileSync(new URL('../../../catalogue/lists.json', import.meta.url), 'utf8'),
) as ListCatalogueFile

/** The shipped catalogue with one change; the codes of the problems it then has, each with its path. */
function refused(change: (c: ListCatalogueFile) => void): string[] {
  const copy = structuredClone(shipped)
  change(copy)
  const result = validateListCatalogue(copy, recordKinds)
  return result.ok ? [] : result.problems.map((p) => `${p.code} ${p.path}`)
}
const index = (c: ListCatalogueFile, code: string) => c.measures.findIndex((m) => m.code === code)
const measure = (c: ListCatalogueFile, code: string) => c.measures[index(c, code)]!
const list = (c: ListCatalogueFile, code: string) => c.listKinds.find((k) => k.code === code)!
const PROCUREMENT = index(shipped, 'procurement_exclusion')
const CONSUMPTION = index(shipped, 'high_consumption_restriction')
const TAX_D = index(shipped, 'more_frequent_inspections')

test('the shipped list catalogue passes, with the six SPC criteria, the four areas of serious breach only, and its measures from the dictionary', () => {
  const result = validateListCatalogue(shipped, recordKinds)
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems))
  assert.deepEqual(
    list(shipped, 'judgment_defaulters').criteria.map((c) => c.code),
    [
      'able_to_pay_but_refuses',
      'obstructs_enforcement',
      'evades_enforcement',
      'breaches_asset_reporting',
      'breaches_spending_restriction',
      'refuses_settlement_agreement',
    ],
  )
  assert.deepEqual(list(shipped, 'seriously_untrustworthy').areas, [
    'health_and_safety',
    'market_order',
    'defiance_of_court_order',
    'national_defence',
  ])
  const lists = result.catalogue
  assert.equal(lists.measureDictionaryVersion, MEASURE_DICTIONARY_VERSION)
  assert.deepEqual(
    lists.measures.map((m) => [m.code, m.listKind, m.domain, m.maxTerm]),
    [
      ['procurement_exclusion', 'seriously_untrustworthy', 'public_procurement', 'P3Y'],
      ['high_consumption_restriction', 'judgment_defaulters', 'high_consumption', 'P5Y'],
      ['honours_restriction', 'abnormal_operations', 'honours', 'P3Y'],
      ['more_frequent_inspections', 'tax_d_grade', 'inspections', 'P2Y'],
      ['fast_track_approval', 'a_grade_taxpayers', 'fast_track_approval', 'P1Y'],
    ],
  )
  // name, provision, effect and whom it binds are the dictionary's; the term defaults to the shorter of the dictionary's and the list's
  for (const m of lists.measures) {
    const type = findMeasureType(m.code) as SelectableMeasureType
    assert.deepEqual(
      [m.name, m.legalProvision, m.effect, m.appliesTo, m.group],
      [type.name, type.legalProvision, type.effect, 'listed_subject', type.group],
    )
  }
  const consumption = lists.measures[CONSUMPTION]!
  assert.deepEqual(
    consumption.items.map((x) => x.article),
    ['3(1)', '3(2)', '3(3)', '3(4)', '3(5)', '3(6)', '3(8)', '3(9)'],
    'every item of art. 3 but the one on children',
  )
})

test('a catalogue selects measures from the dictionary; it cannot create one, whatever the code is spelt like', () => {
  const codes = MEASURE_DICTIONARY.map((m) => m.code)
  const fullWidth = (s: string) =>
    [...s].map((ch) => (ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('')
  const lookAlike = fc
    .constantFrom(...codes)
    .chain((code) =>
      fc.constantFrom(
        code.toUpperCase(),
        code.replace(/_/g, '-'),
        code.replace(/_/g, ' '),
        code.replace(/_/g, ''),
        ` ${code}`,
        `${code} `,
        `${code}\u200b`,
        `\u200d${code}`,
        `${code}\u00ad`,
        fullWidth(code),
        code.replace(/o/g, '\u043e').replace(/a/g, '\u0430').replace(/e/g, '\u0435'),
        code.normalize('NFD') + '\u0301',
        `${code}s`,
        `${code}_2`,
      ),
    )
  const anyCode = fc.oneof(
    lookAlike,
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.stringMatching(/^[a-z][a-z0-9_]{0,40}$/),
  )
  fc.assert(
    fc.property(anyCode, fc.nat({ max: shipped.measures.length - 1 }), (code, i) => {
      fc.pre(!codes.includes(code))
      assert.ok(
        refused((c) => {
          c.measures[i]!.code = code
        }).includes(`${C.measureNotInDictionary} /measures/${i}/code`),
        JSON.stringify(code),
      )
    }),
    { numRuns: 2000 },
  )
  assert.ok(
    refused((c) => {
      c.measures[0]!.code = 42
    }).includes(`${C.measureNotInDictionary} /measures/0/code`),
  )
  assert.ok(
    refused((c) => {
      delete c.measures[0]!.code
    }).includes(`${C.measureNotInDictionary} /measures/0/code`),
  )
})

test('name, domain, effect, whom it binds and the provision come from the dictionary: a selection that sets them is refused, whatever it sets', () => {
  const key = fc.constantFrom(
    'name',
    'domain',
    'effect',
    'appliesTo',
    'legalProvision',
    'legalBasis',
    'group',
    'follows',
  )
  fc.assert(
    fc.property(key, fc.jsonValue(), fc.nat({ max: shipped.measures.length - 1 }), (k, value, i) => {
      assert.ok(
        refused((c) => {
          c.measures[i]![k] = value
        }).includes(`${C.measureFixedByDictionary} /measures/${i}/${k}`),
        `${k} = ${JSON.stringify(value)}`,
      )
    }),
    { numRuns: 1000 },
  )
  // even the dictionary's own value: a selection does not restate what it cannot change
  assert.ok(
    refused((c) => {
      measure(c, 'procurement_exclusion').domain = 'public_procurement'
    }).includes(`${C.measureFixedByDictionary} /measures/${PROCUREMENT}/domain`),
  )
  assert.ok(
    refused((c) => {
      measure(c, 'procurement_exclusion').weight = 3
    }).includes(`${C.invalidStructure} /measures/${PROCUREMENT}/weight`),
  )
})

test("a selection may shorten a measure's term, never lengthen it past the dictionary's or the list's maximum", () => {
  const term = fc
    .record({ y: fc.nat({ max: 7 }), m: fc.nat({ max: 30 }), d: fc.nat({ max: 800 }) })
    .filter((t) => t.y + t.m + t.d > 0)
    .map((t) => `P${t.y ? `${t.y}Y` : ''}${t.m ? `${t.m}M` : ''}${t.d ? `${t.d}D` : ''}`)
  fc.assert(
    fc.property(term, fc.nat({ max: shipped.measures.length - 1 }), (maxTerm, i) => {
      const selection = shipped.measures[i]!
      const dictionaryMax = (findMeasureType(String(selection.code)) as SelectableMeasureType).maxTerm
      const listMax = list(shipped, String(selection.listKind)).term.max
      const copy = structuredClone(shipped)
      copy.measures[i]!.maxTerm = maxTerm
      const result = validateListCatalogue(copy, recordKinds)
      const problems = result.ok ? [] : result.problems.map((p) => `${p.code} ${p.path}`)
      if (durationExceeds(maxTerm, dictionaryMax))
        assert.deepEqual(problems, [`${C.measureTermWidened} /measures/${i}/maxTerm`])
      else if (durationExceeds(maxTerm, listMax))
        assert.deepEqual(problems, [`${C.measureTermExceedsList} /measures/${i}/maxTerm`])
      else
        assert.ok(result.ok && result.catalogue.measures[i]!.maxTerm === maxTerm, `${maxTerm}: ${problems.join('; ')}`)
    }),
    { numRuns: 2000 },
  )
})

test("the issue's hostile measures are refused, each with a stable code", () => {
  const procurement = shipped.measures[PROCUREMENT]!
  // cutting welfare as "living allowances" under subsidies: not a measure type, and its name and domain are not the catalogue's to set
  const allowances = refused((c) => {
    c.measures.push({
      code: 'living_allowance_suspension',
      listKind: 'seriously_untrustworthy',
      area: 'market_order',
      name: { zh: '停发生活补助', en: 'Suspension of living allowances' },
      domain: 'subsidies',
    })
  })
  const last = shipped.measures.length
  assert.ok(allowances.includes(`${C.measureNotInDictionary} /measures/${last}/code`), allowances.join('; '))
  assert.ok(
    allowances.includes(`${C.measureFixedByDictionary} /measures/${last}/name`) &&
      allowances.includes(`${C.measureFixedByDictionary} /measures/${last}/domain`),
    allowances.join('; '),
  )
  // ... nor by renaming the funding restriction the dictionary does have
  const renamed = refused((c) => {
    c.measures.push({
      code: 'public_funding_restriction',
      listKind: 'seriously_untrustworthy',
      area: 'market_order',
      name: { zh: '停发生活补助', en: 'No living allowances' },
    })
  })
  assert.deepEqual(renamed, [`${C.measureFixedByDictionary} /measures/${last}/name`])
  // a ban on household members
  const household = refused((c) => {
    c.measures.push({ ...procurement, code: 'household_members_ban' })
  })
  assert.deepEqual(household, [`${C.measureNotInDictionary} /measures/${last}/code`])
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').appliesTo = 'household_members'
    }),
    [`${C.measureFixedByDictionary} /measures/${PROCUREMENT}/appliesTo`],
  )
  // a bar from educational institutions: not a type; and the national schooling bar is in the dictionary only as outside the charter
  assert.deepEqual(
    refused((c) => {
      c.measures.push({ ...procurement, code: 'educational_institutions_bar' })
    }),
    [`${C.measureNotInDictionary} /measures/${last}/code`],
  )
  assert.deepEqual(
    refused((c) => {
      c.measures.push({
        code: 'schooling_bar_for_refusing_military_service',
        listKind: 'seriously_untrustworthy',
        area: 'national_defence',
      })
    }),
    [`${C.measureOutsideCharter} /measures/${last}/code`],
  )
  assert.deepEqual(
    refused((c) => {
      c.measures.push({
        code: 'high_consumption_restriction_of_officers',
        listKind: 'judgment_defaulters',
        area: 'defiance_of_court_order',
      })
    }),
    [`${C.measureOutsideCharter} /measures/${last}/code`],
  )
  // item (7) of art. 3: the debtor's children at private schools
  const items = measure(shipped, 'high_consumption_restriction').items as string[]
  assert.deepEqual(
    refused((c) => {
      measure(c, 'high_consumption_restriction').items = [...items, 'private_school_fees_for_children']
    }),
    [`${C.measureOutsideCharter} /measures/${CONSUMPTION}/items/${items.length}`],
  )
})

test('high consumption: the items of art. 3 and nothing beyond them; every selectable item unless the selection narrows them', () => {
  const at = `/measures/${CONSUMPTION}/items`
  assert.deepEqual(
    refused((c) => {
      measure(c, 'high_consumption_restriction').items = ['flights_soft_sleepers_ship_cabins', 'luxury_goods']
    }),
    [`${C.measureItemNotInDictionary} ${at}/1`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'high_consumption_restriction').items = ['Flights_soft_sleepers_ship_cabins']
    }),
    [`${C.measureItemNotInDictionary} ${at}/0`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'high_consumption_restriction').items = ['travel_and_holidays', 'travel_and_holidays']
    }),
    [`${C.duplicateCode} ${at}/1`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'high_consumption_restriction').items = []
    }),
    [`${C.invalidStructure} ${at}`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').items = ['travel_and_holidays']
    }),
    [`${C.invalidStructure} /measures/${PROCUREMENT}/items`],
  )
  const narrowed = structuredClone(shipped)
  measure(narrowed, 'high_consumption_restriction').items = [
    'high_speed_rail_seats',
    'flights_soft_sleepers_ship_cabins',
  ]
  const one = validateListCatalogue(narrowed, recordKinds)
  assert.ok(one.ok)
  assert.deepEqual(
    one.catalogue.measures[CONSUMPTION]!.items.map((x) => x.code),
    ['flights_soft_sleepers_ship_cabins', 'high_speed_rail_seats'],
    'in the order of art. 3',
  )
  delete measure(narrowed, 'high_consumption_restriction').items
  const all = validateListCatalogue(narrowed, recordKinds)
  assert.ok(all.ok)
  assert.equal(all.catalogue.measures[CONSUMPTION]!.items.length, 8)
})

test('a measure follows only the lists and areas the dictionary allows, with the right effect', () => {
  // restricting high consumption follows only defiance of a court's order
  assert.deepEqual(
    refused((c) => {
      c.measures.push({
        code: 'high_consumption_restriction',
        listKind: 'seriously_untrustworthy',
        area: 'market_order',
      })
    }),
    [`${C.measureAreaNotAllowed} /measures/${shipped.measures.length}/area`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').area = 'national_defence'
    }),
    [`${C.measureAreaNotAllowed} /measures/${PROCUREMENT}/area`],
    'a list area the dictionary does not allow for procurement',
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').area = 'health_and_safety'
    }),
    [],
    'one it allows',
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'more_frequent_inspections').area = 'health_and_safety'
    }),
    [`${C.measureAreaNotAllowed} /measures/${TAX_D}/area`],
    "not one of the list's areas",
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'fast_track_approval').listKind = 'tax_d_grade'
    }),
    [
      `${C.measureEffectMismatch} /measures/${index(shipped, 'fast_track_approval')}/listKind`,
      `${C.measureAreaNotAllowed} /measures/${index(shipped, 'fast_track_approval')}/area`,
    ],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'fast_track_approval').listKind = 'loyalty_list'
    }),
    [`${C.measureUnknownList} /measures/${index(shipped, 'fast_track_approval')}/listKind`],
  )
  assert.deepEqual(
    refused((c) => {
      c.measures.push(structuredClone(c.measures[PROCUREMENT]!))
    }),
    [`${C.duplicateCode} /measures/${shipped.measures.length}/code`],
    'selected twice for the same list and area',
  )
  assert.deepEqual(
    refused((c) => {
      c.measures.push({ ...c.measures[PROCUREMENT]!, area: 'health_and_safety' })
    }),
    [],
    'once per area is fine',
  )
})

test('the department is display text: bounded, and scanned like every free text', () => {
  const at = `/measures/${PROCUREMENT}/department`
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').department = { zh: '民政部门', en: 'civil affairs: the welfare office' }
    }),
    [`${C.measureBasicRights} ${at}`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').department = { zh: '财政部门（通知其配偶）', en: 'finance department' }
    }),
    [`${C.measureTargetsOthers} ${at}`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').department = { zh: '财'.repeat(201), en: 'finance' }
    }),
    [`${C.invalidStructure} ${at}`],
  )
  assert.deepEqual(
    refused((c) => {
      measure(c, 'procurement_exclusion').department = { zh: '财政部门', en: 'finance', domain: 'welfare' }
    }),
    [`${C.invalidStructure} ${at}`],
  )
  assert.deepEqual(
    refused((c) => {
      delete measure(c, 'procurement_exclusion').department
    }),
    [],
    "the dictionary's department type stands in",
  )
})

test('black lists: four areas only, a cited record kind, notice with 30 days to object, a finite term, removal within 3 working days', () => {
  assert.ok(
    refused((c) => {
      ;(list(c, 'abnormal_operations') as { areas: string[] }).areas = ['social_morality']
    }).includes(`${C.areaNotAllowed} /listKinds/2/areas/0`),
  )
  assert.ok(
    refused((c) => {
      list(c, 'abnormal_operations').areas = []
    }).includes(`${C.areaNotAllowed} /listKinds/2/areas`),
  )
  assert.ok(
    refused((c) => {
      list(c, 'abnormal_operations').basisKinds = ['neighbour_reports']
    }).includes(`${C.unknownBasisKind} /listKinds/2/basisKinds/0`),
  )
  assert.ok(
    refused((c) => {
      list(c, 'judgment_defaulters').objectionWindow = 'P7D'
    }).includes(`${C.objectionWindowTooShort} /listKinds/0/objectionWindow`),
  )
  assert.ok(
    refused((c) => {
      list(c, 'judgment_defaulters').term.max = 'P10Y'
    }).includes(`${C.termTooLong} /listKinds/0/term/max`),
  )
  assert.ok(
    refused((c) => {
      list(c, 'judgment_defaulters').term.default = 'P6Y'
    }).includes(`${C.termDefaultExceedsMax} /listKinds/0/term/default`),
  )
  assert.ok(
    refused((c) => {
      list(c, 'judgment_defaulters').earlyRemoval[0]!.withinWorkingDays = 10
    }).includes(`${C.removalTooSlow} /listKinds/0/earlyRemoval/0/withinWorkingDays`),
  )
  assert.ok(
    refused((c) => {
      delete (list(c, 'seriously_untrustworthy').criteria[1] as { area?: string }).area
    }).includes(`${C.criterionArea} /listKinds/1/criteria/1/area`),
  )
  const religion = refused((c) => {
    list(c, 'abnormal_operations').name = {
      zh: '非法宗教活动人员名单',
      en: 'List of people in unregistered religious activities',
    }
  })
  assert.ok(religion.includes(`${C.forbiddenSubject} /listKinds/2/name`), religion.join('; '))
})
