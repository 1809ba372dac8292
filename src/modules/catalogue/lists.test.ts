import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { loadCatalogue } from './load.ts'
import { LIST_PROBLEM_CODES as C, validateListCatalogue, type ListCatalogue } from './lists.ts'

const recordKinds = new Set((await loadCatalogue()).kinds.map((k) => k.code))
const shipped = JSON.parse(readFileSync(new URL('../../../catalogue/lists.json', import.meta.url), 'utf8')) as ListCatalogue

/** The shipped catalogue with one change; the codes of the problems it then has, each with its path. */
function refused(change: (c: ListCatalogue) => void): string[] {
  const copy = structuredClone(shipped)
  change(copy)
  const result = validateListCatalogue(copy, recordKinds)
  return result.ok ? [] : result.problems.map((p) => `${p.code} ${p.path}`)
}
const measure = (c: ListCatalogue, code: string) => c.measures.find((m) => m.code === code)!
const list = (c: ListCatalogue, code: string) => c.listKinds.find((k) => k.code === code)!

test('the shipped list catalogue passes, with the six SPC criteria and the four areas of serious breach only', () => {
  const result = validateListCatalogue(shipped, recordKinds)
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems))
  assert.deepEqual(list(shipped, 'judgment_defaulters').criteria.map((c) => c.code), ['able_to_pay_but_refuses', 'obstructs_enforcement', 'evades_enforcement', 'breaches_asset_reporting', 'breaches_spending_restriction', 'refuses_settlement_agreement'])
  assert.deepEqual(list(shipped, 'seriously_untrustworthy').areas, ['health_and_safety', 'market_order', 'defiance_of_court_order', 'national_defence'])
  assert.deepEqual(shipped.measures.map((m) => [m.code, m.domain]), [
    ['procurement_exclusion_bid_rigging', 'public_procurement'], ['high_consumption_restriction', 'high_consumption'],
    ['more_frequent_inspections_d_grade', 'inspections'], ['fast_track_approval_a_grade', 'fast_track_approval'],
  ])
})

test('no measure reaches a basic right: social security, welfare, healthcare, schooling, legal aid, the courts', () => {
  for (const [en, zh] of [['Suspension of social security benefits', '暂停社会保障待遇'], ['No minimum living allowance', '取消低保'], ['Barred from hospital treatment', '限制就医'],
    ['Children refused school enrolment', '限制子女入学'], ['No legal aid', '不予法律援助'], ['Lawsuits not accepted', '不予立案诉讼']] as const) {
    const problems = refused((c) => { measure(c, 'procurement_exclusion_bid_rigging').name = { zh, en } })
    assert.ok(problems.includes(`${C.measureBasicRights} /measures/0/name`), `${en}: ${problems.join('; ')}`)
  }
  assert.ok(refused((c) => { (measure(c, 'procurement_exclusion_bid_rigging') as { domain: string }).domain = 'welfare' }).includes(`${C.measureBasicRights} /measures/0/domain`))
  assert.ok(refused((c) => { (measure(c, 'procurement_exclusion_bid_rigging') as { domain: string }).domain = 'housing' }).includes(`${C.measureUnknownDomain} /measures/0/domain`))
})

test('a measure binds the listed subject only: never relatives, children or associates', () => {
  assert.ok(refused((c) => { (measure(c, 'high_consumption_restriction') as { appliesTo: string }).appliesTo = 'family_members' }).includes(`${C.measureTargetsOthers} /measures/1/appliesTo`))
  const problems = refused((c) => { measure(c, 'high_consumption_restriction').name = { zh: '限制被执行人子女就读高收费私立学校', en: "Restriction on the debtor's children attending fee-paying schools" } })
  assert.ok(problems.includes(`${C.measureTargetsOthers} /measures/1/name`), problems.join('; '))
  assert.ok(problems.includes(`${C.measureBasicRights} /measures/1/name`), problems.join('; '))
})

test('a measure stays in the domain of the breach, for no longer than the entry, with the right effect', () => {
  // restricting high consumption follows only defiance of a court's order
  assert.ok(refused((c) => { measure(c, 'procurement_exclusion_bid_rigging').domain = 'high_consumption' }).includes(`${C.measureDomainUnrelated} /measures/0/domain`))
  assert.ok(refused((c) => { measure(c, 'high_consumption_restriction').domain = 'inspections' }).includes(`${C.measureDomainUnrelated} /measures/1/domain`))
  assert.ok(refused((c) => { measure(c, 'procurement_exclusion_bid_rigging').area = 'national_defence' }).length === 0, 'national defence is one of the list\'s areas, and procurement is related to it')
  assert.ok(refused((c) => { measure(c, 'more_frequent_inspections_d_grade').area = 'health_and_safety' }).includes(`${C.measureDomainUnrelated} /measures/2/area`))
  assert.ok(refused((c) => { measure(c, 'more_frequent_inspections_d_grade').maxTerm = 'P3Y' }).includes(`${C.measureTermExceedsList} /measures/2/maxTerm`))
  assert.ok(refused((c) => { measure(c, 'fast_track_approval_a_grade').effect = 'restriction' }).includes(`${C.measureEffectMismatch} /measures/3/effect`))
  assert.ok(refused((c) => { measure(c, 'fast_track_approval_a_grade').listKind = 'loyalty_list' }).includes(`${C.measureUnknownList} /measures/3/listKind`))
})

test('black lists: four areas only, a cited record kind, notice with 30 days to object, a finite term, removal within 3 working days', () => {
  assert.ok(refused((c) => { (list(c, 'abnormal_operations') as { areas: string[] }).areas = ['social_morality'] }).includes(`${C.areaNotAllowed} /listKinds/2/areas/0`))
  assert.ok(refused((c) => { list(c, 'abnormal_operations').areas = [] }).includes(`${C.areaNotAllowed} /listKinds/2/areas`))
  assert.ok(refused((c) => { list(c, 'abnormal_operations').basisKinds = ['neighbour_reports'] }).includes(`${C.unknownBasisKind} /listKinds/2/basisKinds/0`))
  assert.ok(refused((c) => { list(c, 'judgment_defaulters').objectionWindow = 'P7D' }).includes(`${C.objectionWindowTooShort} /listKinds/0/objectionWindow`))
  assert.ok(refused((c) => { list(c, 'judgment_defaulters').term.max = 'P10Y' }).includes(`${C.termTooLong} /listKinds/0/term/max`))
  assert.ok(refused((c) => { list(c, 'judgment_defaulters').term.default = 'P6Y' }).includes(`${C.termDefaultExceedsMax} /listKinds/0/term/default`))
  assert.ok(refused((c) => { list(c, 'judgment_defaulters').earlyRemoval[0]!.withinWorkingDays = 10 }).includes(`${C.removalTooSlow} /listKinds/0/earlyRemoval/0/withinWorkingDays`))
  assert.ok(refused((c) => { delete (list(c, 'seriously_untrustworthy').criteria[1] as { area?: string }).area }).includes(`${C.criterionArea} /listKinds/1/criteria/1/area`))
  const religion = refused((c) => { list(c, 'abnormal_operations').name = { zh: '非法宗教活动人员名单', en: 'List of people in unregistered religious activities' } })
  assert.ok(religion.includes(`${C.forbiddenSubject} /listKinds/2/name`), religion.join('; '))
})
