import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RECORD_CATEGORIES } from './catalogue.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import { KIND_TYPES } from './dictionary/kinds.ts'
import { durationExceeds } from './durations.ts'
import {
  EXAMPLES_DIR,
  expectOnly,
  expectProblem,
  kindIndex,
  problemsAfter,
  removeAt,
  setAt,
  shipped,
} from './catalogue.fixtures.ts'

const PENALTY = kindIndex('admin_penalty_general')
const SERIOUS = kindIndex('admin_penalty_serious')
const MINOR = kindIndex('admin_penalty_minor')
const WARNING = kindIndex('admin_penalty_warning')
const LICENCE = kindIndex('admin_licence')
const LOAN = kindIndex('loan_account')
const DEFAULTER = kindIndex('judgment_defaulter')
const TAX_ARREARS = kindIndex('tax_arrears')
const K = (i: number): string => `/kinds/${i}`

void describe('the shipped catalogue', () => {
  const result = validateCatalogue(shipped())

  void it('passes the charter validator', () => {
    assert.deepEqual(result.ok ? [] : result.problems, [])
  })

  void it('has at least 17 kinds covering every category', () => {
    assert.ok(result.ok)
    const { kinds } = result.catalogue
    assert.ok(kinds.length >= 17, `${kinds.length} kinds`)
    for (const category of RECORD_CATEGORIES)
      assert.ok(
        kinds.some((k) => k.category === category),
        category,
      )
    for (const code of [
      'admin_licence',
      'admin_penalty_minor',
      'admin_penalty_general',
      'admin_penalty_serious',
      'admin_penalty_warning',
      'court_judgment_enforcement',
      'judgment_defaulter',
      'tax_arrears',
      'tax_credit_grade',
      'loan_account',
      'public_body_contract_default',
      'wage_arrears_listing',
      'product_safety_violation',
      'environmental_penalty',
      'public_procurement_breach',
      'commendation',
      'abnormal_operation_listing',
    ]) {
      assert.ok(
        kinds.some((k) => k.code === code),
        code,
      )
    }
  })

  void it('follows the DOMAIN time limits', () => {
    assert.ok(result.ok)
    const byCode = new Map(result.catalogue.kinds.map((k) => [k.code, k]))
    assert.deepEqual(byCode.get('admin_penalty_minor')?.display, { window: 'P3M', maxWindow: 'P3M' })
    assert.deepEqual(byCode.get('admin_penalty_general')?.display, { window: 'P1Y', maxWindow: 'P1Y' })
    assert.equal(byCode.get('admin_penalty_general')?.minimumPublication, 'P3M')
    assert.deepEqual(byCode.get('admin_penalty_serious')?.display, { window: 'P3Y', maxWindow: 'P3Y' })
    assert.equal(byCode.get('admin_penalty_serious')?.minimumPublication, 'P1Y')
    assert.equal(byCode.get('admin_penalty_warning')?.display, null)
    assert.equal(byCode.get('admin_penalty_warning')?.severity, undefined)
    assert.deepEqual(byCode.get('judgment_defaulter')?.display, { window: 'P2Y', maxWindow: 'P5Y' })
    assert.equal(byCode.get('judgment_defaulter')?.disclosure, 'public')
    assert.ok(byCode.get('judgment_defaulter')?.subjectTypes.includes('person'))
    assert.deepEqual(byCode.get('public_body_contract_default')?.subjectTypes, ['public_body'])
    const loan = byCode.get('loan_account')
    assert.deepEqual(
      [
        loan?.disclosure,
        loan?.polarity,
        loan?.retention.period,
        loan?.retention.from,
        loan?.subjectTypes.includes('person'),
      ],
      ['restricted', 'neutral', 'P5Y', 'conduct_end', true],
    )
    assert.equal(loan?.fields.properties.repaymentHistory?.pattern, '^[0-7NC/*#]{24}$')
    assert.ok(loan?.elements.some((e) => e.element === 'repaymentHistory'))
    for (const kind of result.catalogue.kinds) {
      assert.ok(!durationExceeds(kind.retention.period, 'P10Y'), kind.code)
      if (kind.subjectTypes.includes('person') && kind.polarity !== 'positive') {
        assert.ok(!durationExceeds(kind.retention.period, 'P5Y'), kind.code)
      }
    }
  })

  void it('is returned deep-frozen', () => {
    assert.ok(result.ok)
    assert.ok(Object.isFrozen(result.catalogue))
    assert.ok(Object.isFrozen(result.catalogue.kinds[0]?.fields.properties))
  })
})

void describe('structure', () => {
  void it('refuses something that is not a catalogue', () => {
    for (const input of [null, [], 'catalogue', 42]) {
      const r = validateCatalogue(input)
      assert.ok(!r.ok)
      expectProblem(r.problems, 'catalogue.invalid_structure', '')
    }
    expectProblem(
      problemsAfter((c) => setAt(c, '/kinds', [])),
      'catalogue.invalid_structure',
      '/kinds',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, '/catalogueVersion', 'latest')),
      'catalogue.invalid_structure',
      '/catalogueVersion',
      'latest',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, '/publishedOn', '2026-02-30')),
      'catalogue.invalid_structure',
      '/publishedOn',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, '/notes', 'x')),
      'catalogue.invalid_structure',
      '/notes',
      'notes',
    )
  })

  void it('refuses a missing property', () => {
    const problems = problemsAfter((c) => removeAt(c, `${K(PENALTY)}/disclosure`))
    expectOnly(problems, 'catalogue.invalid_structure')
    expectProblem(
      problems,
      'catalogue.invalid_structure',
      `${K(PENALTY)}/disclosure`,
      'admin_penalty_general',
      'disclosure',
    )
  })

  void it('refuses an ill-typed property', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(LICENCE)}/repairable`, 'no'))
    expectOnly(problems, 'catalogue.invalid_structure')
    expectProblem(problems, 'catalogue.invalid_structure', `${K(LICENCE)}/repairable`, 'admin_licence', 'repairable')
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LICENCE)}/disclosure`, 'open')),
      'catalogue.invalid_structure',
      `${K(LICENCE)}/disclosure`,
      'open',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LICENCE)}/code`, 'Admin Licence')),
      'catalogue.invalid_structure',
      `${K(LICENCE)}/code`,
      'snake_case',
    )
  })

  void it('refuses duplicate kind codes', () => {
    const problems = problemsAfter((c) => c.kinds.push(structuredClone(c.kinds[0]!)))
    expectOnly(problems, 'catalogue.duplicate_code')
    expectProblem(
      problems,
      'catalogue.duplicate_code',
      `${K(shipped().kinds.length)}/code`,
      'admin_licence',
      '/kinds/0',
    )
  })

  void it('refuses unknown subject types and categories', () => {
    const n = shipped().kinds[LICENCE]?.subjectTypes.length ?? 0
    const problems = problemsAfter((c) => c.kinds[LICENCE]?.subjectTypes.push('citizen' as never))
    expectOnly(problems, 'catalogue.unknown_subject_type')
    expectProblem(problems, 'catalogue.unknown_subject_type', `${K(LICENCE)}/subjectTypes/${n}`, 'citizen')
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LICENCE)}/category`, 'permits')),
      'catalogue.fixed_by_dictionary',
      `${K(LICENCE)}/category`,
      'dictionary of kind types',
    )
  })

  void it('refuses invalid durations', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(PENALTY)}/display/window`, '3 months'))
    expectOnly(problems, 'catalogue.invalid_duration')
    expectProblem(problems, 'catalogue.invalid_duration', `${K(PENALTY)}/display/window`, '3 months')
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(PENALTY)}/minimumPublication`, 'PT1H')),
      'catalogue.invalid_duration',
      `${K(PENALTY)}/minimumPublication`,
      'PT1H',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(PENALTY)}/display/maxWindow`, 'P0D')),
      'catalogue.invalid_duration',
      `${K(PENALTY)}/display/maxWindow`,
    )
  })

  void it('refuses a display window longer than its maxWindow', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(DEFAULTER)}/display/window`, 'P6Y'))
    expectProblem(
      problems,
      'catalogue.display_window_exceeds_max',
      `${K(DEFAULTER)}/display/window`,
      'judgment_defaulter',
      'P6Y',
      'P5Y',
    )
  })

  void it('refuses a display window on a kind that is not public, and a public kind without one', () => {
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LOAN)}/display`, { window: 'P1Y', maxWindow: 'P1Y' })),
      'catalogue.display_disclosure_mismatch',
      `${K(LOAN)}/display`,
      'loan_account',
      'restricted',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(TAX_ARREARS)}/display`, null)),
      'catalogue.display_disclosure_mismatch',
      `${K(TAX_ARREARS)}/display`,
      'tax_arrears',
      'public',
    )
  })

  void it('refuses a display maxWindow that outlasts the retention period', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(DEFAULTER)}/retention/period`, 'P4Y'))
    expectOnly(problems, 'catalogue.display_exceeds_retention')
    expectProblem(problems, 'catalogue.display_exceeds_retention', `${K(DEFAULTER)}/display/maxWindow`, 'P5Y', 'P4Y')
  })

  void it('reports every problem at once, not the first', () => {
    const problems = problemsAfter((c) => {
      setAt(c, `${K(0)}/disclosure`, 'open')
      setAt(c, `${K(3)}/retention/period`, 'forever')
      c.kinds[5]!.elements.push({ element: 'religion', required: false })
    })
    expectOnly(problems, 'catalogue.invalid_structure', 'catalogue.retention_not_finite', 'catalogue.unknown_element')
  })
})

void describe('kinds come from the dictionary of kind types', () => {
  void it('refuses a kind the dictionary does not hold, whatever it is called', () => {
    for (const code of [
      'ethnic_minority_status',
      'creed_register',
      'cohabitation_record',
      'overall_trustworthiness',
      'social_credit_score',
      'zongjiao_huodong',
      'luxury_spending',
    ]) {
      const problems = problemsAfter((c) => setAt(c, `${K(LICENCE)}/code`, code))
      expectProblem(problems, 'catalogue.unknown_kind', `${K(LICENCE)}/code`, code, 'cannot create one')
    }
    // and, in depth, a code about refused data is named as such too
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LICENCE)}/code`, 'ethnic_minority_status')),
      'catalogue.forbidden_category',
      `${K(LICENCE)}/code`,
      'ethnicity or race',
    )
  })

  void it("refuses a name, legal basis, category, polarity or severity of the file's own", () => {
    for (const [key, value] of [
      ['name', { zh: '社交媒体言论记录', en: 'Trade union membership' }],
      ['legalBasis', { zh: '宗教事务条例', en: 'Regulations on Religious Affairs' }],
      ['category', 'religion'],
      ['polarity', 'positive'],
      ['severity', 'minor'],
    ] as const) {
      expectOnly(
        problemsAfter((c) => setAt(c, `${K(LICENCE)}/${key}`, value)),
        'catalogue.fixed_by_dictionary',
      )
    }
  })

  void it('lets a kind narrow its subjects and disclosure, never widen them', () => {
    assert.deepEqual(
      problemsAfter((c) => {
        c.kinds[LICENCE]!.subjectTypes = ['enterprise']
      }),
      [],
    )
    assert.deepEqual(
      problemsAfter((c) => {
        Object.assign(c.kinds[LICENCE]!, { disclosure: 'restricted', display: null })
      }),
      [],
    )
    const persons = problemsAfter((c) => (c.kinds[LICENCE]!.subjectTypes as string[]).push('person'))
    expectProblem(
      persons,
      'catalogue.kind_widened',
      `${K(LICENCE)}/subjectTypes/${shipped().kinds[LICENCE]!.subjectTypes.length}`,
      'person',
    )
    const open = problemsAfter((c) => {
      Object.assign(c.kinds[LOAN]!, { disclosure: 'public', display: { window: 'P1Y', maxWindow: 'P1Y' } })
    })
    expectProblem(open, 'catalogue.kind_widened', `${K(LOAN)}/disclosure`, 'restricted')
  })

  void it('gives every kind its name, legal basis, category and polarity from the dictionary', () => {
    const r = validateCatalogue(shipped())
    assert.ok(r.ok)
    const licence = r.catalogue.kinds[LICENCE]!
    assert.deepEqual([licence.name.zh, licence.category, licence.polarity], ['行政许可', 'licensing', 'neutral'])
    assert.ok(licence.legalBasis.zh.includes('行政许可法'))
    assert.equal(r.catalogue.kinds[PENALTY]!.severity, 'general')
  })
})

void describe('no free-text behaviour kinds or fields', () => {
  void it('refuses a kind about behaviour or conduct in general', () => {
    const byCode = problemsAfter((c) => setAt(c, `${K(LICENCE)}/code`, 'behaviour_record'))
    expectOnly(byCode, 'catalogue.behaviour_kind', 'catalogue.unknown_kind')
    expectProblem(byCode, 'catalogue.behaviour_kind', `${K(LICENCE)}/code`, 'behaviour_record', 'behaviour')
    // a kind's name is the dictionary's: a file cannot name a kind '日常行为表现' at all
    expectOnly(
      problemsAfter((c) => setAt(c, `${K(LICENCE)}/name`, { zh: '日常行为表现', en: 'General conduct record' })),
      'catalogue.fixed_by_dictionary',
    )
  })

  void it('refuses a remarks field: it is not an element', () => {
    const problems = problemsAfter((c) => c.kinds[PENALTY]!.elements.push({ element: 'remarks', required: false }))
    expectOnly(problems, 'catalogue.unknown_element')
  })
})

void describe('retention', () => {
  void it('refuses a kind without retention', () => {
    const problems = problemsAfter((c) => removeAt(c, `${K(LICENCE)}/retention`))
    expectOnly(problems, 'catalogue.retention_missing')
    expectProblem(problems, 'catalogue.retention_missing', `${K(LICENCE)}/retention`, 'admin_licence')
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LICENCE)}/retention`, null)),
      'catalogue.retention_missing',
      `${K(LICENCE)}/retention`,
    )
    expectProblem(
      problemsAfter((c) => removeAt(c, `${K(LICENCE)}/retention/period`)),
      'catalogue.retention_missing',
      `${K(LICENCE)}/retention/period`,
    )
  })

  void it('refuses eternal retention', () => {
    for (const period of ['forever', 'permanent', 'P0D', '']) {
      const problems = problemsAfter((c) => setAt(c, `${K(LICENCE)}/retention/period`, period))
      expectOnly(problems, 'catalogue.retention_not_finite')
      expectProblem(
        problems,
        'catalogue.retention_not_finite',
        `${K(LICENCE)}/retention/period`,
        JSON.stringify(period),
        'finite',
      )
    }
  })

  void it('refuses negative information on persons kept longer than five years (CIIR art. 16)', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(DEFAULTER)}/retention/period`, 'P6Y'))
    expectOnly(problems, 'catalogue.retention_too_long')
    expectProblem(
      problems,
      'catalogue.retention_too_long',
      `${K(DEFAULTER)}/retention/period`,
      'judgment_defaulter',
      'P6Y',
      'P5Y',
      'CIIR art. 16',
    )
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(PENALTY)}/retention`, { period: 'P5Y1D', from: 'decision' })),
      'catalogue.retention_too_long',
      `${K(PENALTY)}/retention/period`,
    )
    expectProblem(
      problemsAfter((c) => setAt(c, `${K(LOAN)}/retention/period`, 'P1827D')),
      'catalogue.retention_too_long',
      `${K(LOAN)}/retention/period`,
      'neutral',
      'P1827D',
    )
    // the same period is fine for a kind about organisations only
    assert.deepEqual(
      problemsAfter((c) => setAt(c, `${K(TAX_ARREARS)}/retention/period`, 'P6Y')),
      [],
    )
  })

  void it('refuses anything kept longer than ten years', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(TAX_ARREARS)}/retention/period`, 'P10Y1M'))
    expectOnly(problems, 'catalogue.retention_too_long')
    expectProblem(
      problems,
      'catalogue.retention_too_long',
      `${K(TAX_ARREARS)}/retention/period`,
      'tax_arrears',
      'P10Y1M',
      'P10Y',
    )
    assert.deepEqual(
      problemsAfter((c) => setAt(c, `${K(TAX_ARREARS)}/retention/period`, 'P10Y')),
      [],
    )
  })
})

void describe('public disclosure', () => {
  void it('refuses a warning-only penalty with a display window', () => {
    const problems = problemsAfter((c) => {
      setAt(c, `${K(WARNING)}/disclosure`, 'public')
      setAt(c, `${K(WARNING)}/display`, { window: 'P3M', maxWindow: 'P3M' })
    })
    expectOnly(problems, 'catalogue.public_warning', 'catalogue.kind_widened')
    expectProblem(
      problems,
      'catalogue.public_warning',
      `${K(WARNING)}/display`,
      'admin_penalty_warning',
      'warning-only',
    )
  })

  void it('has no penalty kind that may be public without a severity', () => {
    for (const type of KIND_TYPES.filter((t) => t.category === 'administrative_penalties' && t.disclosure === 'public'))
      assert.ok(type.severity, type.code)
  })

  void it('refuses a public kind about natural persons only', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(DEFAULTER)}/subjectTypes`, ['person']))
    expectOnly(problems, 'catalogue.public_person_kind')
    expectProblem(
      problems,
      'catalogue.public_person_kind',
      `${K(DEFAULTER)}/disclosure`,
      'judgment_defaulter',
      'natural persons',
    )
  })

  void it('refuses penalty display beyond the DOMAIN limits', () => {
    for (const [i, max, limit] of [
      [MINOR, 'P4M', 'P3M'],
      [PENALTY, 'P13M', 'P1Y'],
      [SERIOUS, 'P3Y1D', 'P3Y'],
    ] as const) {
      const problems = problemsAfter((c) => setAt(c, `${K(i)}/display/maxWindow`, max))
      expectOnly(problems, 'catalogue.penalty_display_too_long')
      expectProblem(problems, 'catalogue.penalty_display_too_long', `${K(i)}/display/maxWindow`, max, limit)
    }
  })
})

void describe("natural persons' finances need consent (CIIR art. 14)", () => {
  void it('refuses tax amounts in a kind about persons without consent', () => {
    const problems = problemsAfter((c) => (c.kinds[TAX_ARREARS]!.subjectTypes as string[]).push('person'))
    expectOnly(problems, 'catalogue.personal_finance_without_consent', 'catalogue.personal_finance_without_consent')
    expectProblem(
      problems,
      'catalogue.personal_finance_without_consent',
      `${K(TAX_ARREARS)}/elements/2/element`,
      'arrearsBalance',
      'consent_required',
    )
  })

  void it('allows them with consent, and for organisations', () => {
    assert.deepEqual(
      problemsAfter((c) => {
        ;(c.kinds[TAX_ARREARS]!.subjectTypes as string[]).push('person')
        setAt(c, `${K(TAX_ARREARS)}/disclosure`, 'consent_required')
        setAt(c, `${K(TAX_ARREARS)}/display`, null)
      }),
      [],
    )
  })
})

void describe('credit repair', () => {
  void it('needs a minimum publication for a repairable published kind', () => {
    const problems = problemsAfter((c) => removeAt(c, `${K(PENALTY)}/minimumPublication`))
    expectOnly(problems, 'catalogue.missing_minimum_publication')
    expectProblem(
      problems,
      'catalogue.missing_minimum_publication',
      `${K(PENALTY)}/minimumPublication`,
      'admin_penalty_general',
    )
  })

  void it('refuses a minimum publication shorter than NDRC Order 58 allows', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(SERIOUS)}/minimumPublication`, 'P6M'))
    expectOnly(problems, 'catalogue.minimum_publication_too_short')
    expectProblem(
      problems,
      'catalogue.minimum_publication_too_short',
      `${K(SERIOUS)}/minimumPublication`,
      'serious',
      'P1Y',
      'P6M',
    )
  })

  void it('refuses a minimum publication longer than the display', () => {
    const problems = problemsAfter((c) => setAt(c, `${K(PENALTY)}/minimumPublication`, 'P2Y'))
    expectProblem(
      problems,
      'catalogue.minimum_publication_exceeds_display',
      `${K(PENALTY)}/minimumPublication`,
      'P2Y',
      'P1Y',
    )
  })
})

void describe('the example catalogues', () => {
  const load = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8'))

  void it('forbidden-religion.json is refused', () => {
    const r = validateCatalogue(load('forbidden-religion.json'))
    assert.ok(!r.ok)
    expectOnly(r.problems, 'catalogue.unknown_kind', 'catalogue.invalid_narrowing', 'catalogue.unknown_element')
    expectProblem(
      r.problems,
      'catalogue.unknown_element',
      '/kinds/0/elements/1/element',
      'religiousAffiliation',
      'dictionary',
    )
    expectProblem(
      r.problems,
      'catalogue.invalid_narrowing',
      '/kinds/0/elements/1/description',
      'come from the dictionary',
    )
  })

  void it('eternal-retention.json is refused', () => {
    const r = validateCatalogue(load('eternal-retention.json'))
    assert.ok(!r.ok)
    expectOnly(r.problems, 'catalogue.retention_not_finite', 'catalogue.retention_too_long')
    expectProblem(r.problems, 'catalogue.retention_not_finite', '/kinds/0/retention/period', 'forever')
    expectProblem(r.problems, 'catalogue.retention_too_long', '/kinds/1/retention/period', 'P99Y')
  })
})
