import { test } from 'node:test'
import assert from 'node:assert/strict'
import { durationExceeds, tryParseDuration } from './durations.ts'
import { LIST_AREAS, MAX_LIST_TERM } from './list-catalogue.ts'
import {
  HIGH_CONSUMPTION_ITEMS,
  MEASURE_DICTIONARY,
  MEASURE_DOMAINS,
  findMeasureType,
  type SelectableMeasureType,
} from './measures.ts'
import { BASIC_RIGHTS_TERMS, FORBIDDEN_TERM_SETS, findTerm } from './terms.ts'

const RELATIONS = FORBIDDEN_TERM_SETS.find((s) => s.id === 'relations')!
const selectable = MEASURE_DICTIONARY.filter((m): m is SelectableMeasureType => m.outsideCharter === null)

test('the dictionary: unique snake_case codes, each cited in zh and en', () => {
  const codes = MEASURE_DICTIONARY.map((m) => m.code)
  assert.equal(new Set(codes).size, codes.length)
  for (const m of MEASURE_DICTIONARY) {
    assert.match(m.code, /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/)
    for (const text of [m.name, m.legalProvision]) assert.ok(text.zh.trim() && text.en.trim(), m.code)
    assert.equal(findMeasureType(m.code), m)
  }
})

test('every selectable type stays inside the charter: a closed domain, the listed subject only, no basic right, at most the longest list term', () => {
  for (const m of selectable) {
    assert.ok((MEASURE_DOMAINS as readonly string[]).includes(m.domain), m.code)
    assert.equal(m.appliesTo, 'listed_subject')
    assert.ok(tryParseDuration(m.maxTerm) && !durationExceeds(m.maxTerm, MAX_LIST_TERM), `${m.code}: ${m.maxTerm}`)
    assert.ok(m.follows.length > 0, m.code)
    if (m.effect === 'incentive') assert.deepEqual(m.follows, ['red'], m.code)
    else for (const a of m.follows) assert.ok((LIST_AREAS as readonly string[]).includes(a), `${m.code}: ${a}`)
    for (const text of [m.code, m.domain, m.name.zh, m.name.en, m.departmentType.zh, m.departmentType.en]) {
      const identifier = text === m.code || text === m.domain
      assert.equal(findTerm(text, BASIC_RIGHTS_TERMS, { identifier }), undefined, `${m.code}: '${text}'`)
      assert.equal(findTerm(text, RELATIONS, { identifier }), undefined, `${m.code}: '${text}'`)
    }
  }
  // no domain is a basic right, and each is used by some measure
  for (const d of MEASURE_DOMAINS) {
    assert.equal(findTerm(d, BASIC_RIGHTS_TERMS, { identifier: true }), undefined, d)
    assert.ok(
      selectable.some((m) => m.domain === d),
      `${d} is used by no measure`,
    )
  }
  // restricting high consumption follows only defiance of a court's order
  assert.deepEqual(
    selectable.filter((m) => m.domain === 'high_consumption').map((m) => m.follows),
    [['defiance_of_court_order']],
  )
})

test('national measures that reach others or a basic right are named, with the reason, and marked outside the charter', () => {
  const refused = MEASURE_DICTIONARY.filter((m) => m.outsideCharter !== null)
  assert.deepEqual(
    refused.map((m) => [m.code, m.outsideCharter?.rule]),
    [
      ['high_consumption_restriction_of_officers', 'targets_others'],
      ['schooling_bar_for_refusing_military_service', 'basic_rights'],
    ],
  )
  for (const m of refused) assert.ok(m.outsideCharter?.reason.zh && m.outsideCharter.reason.en)
})

test("the high-consumption sub-list is the nine items of art. 3, and the one on the debtor's children is outside the charter", () => {
  assert.deepEqual(
    HIGH_CONSUMPTION_ITEMS.map((x) => x.article),
    ['3(1)', '3(2)', '3(3)', '3(4)', '3(5)', '3(6)', '3(7)', '3(8)', '3(9)'],
  )
  assert.equal(new Set(HIGH_CONSUMPTION_ITEMS.map((x) => x.code)).size, 9)
  const outside = HIGH_CONSUMPTION_ITEMS.filter((x) => x.outsideCharter !== null)
  assert.deepEqual(
    outside.map((x) => [x.article, x.outsideCharter?.rule]),
    [['3(7)', 'targets_others']],
  )
  assert.match(outside[0]!.name.zh, /子女/)
  for (const x of HIGH_CONSUMPTION_ITEMS.filter((i) => i.outsideCharter === null)) {
    for (const text of [x.name.zh, x.name.en])
      assert.equal(findTerm(text, RELATIONS), undefined, `${x.code}: '${text}'`)
  }
  assert.equal(findMeasureType('high_consumption_restriction')?.outsideCharter, null)
  assert.equal((findMeasureType('high_consumption_restriction') as SelectableMeasureType).items, HIGH_CONSUMPTION_ITEMS)
})
