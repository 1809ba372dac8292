// The data-element dictionary, and the closed-list rule: a kind carries only elements the dictionary names, narrowed.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ENVELOPE_FIELD_NAMES, RECORD_CATEGORIES, SUBJECT_TYPES } from './catalogue.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import { DATA_ELEMENTS } from './dictionary/index.ts'
import {
  ELEMENT_CATEGORIES_FOR_KIND,
  LEGAL_BASES,
  allowedCodes,
  elementSchema,
  type DataElement,
  type KindElement,
} from './elements.ts'
import { compileFieldSchema } from './fields.ts'
import { expectProblem, kindIndex, problemsAfter, shipped } from './catalogue.fixtures.ts'
import type { Catalogue } from './catalogue.ts'

const PENALTY = kindIndex('admin_penalty_general')
const LOAN = kindIndex('loan_account')
const LICENCE = kindIndex('admin_licence')
const TAX_GRADE = kindIndex('tax_credit_grade')
const elements = [...DATA_ELEMENTS.values()]

/** Problems after adding one element entry to a kind of the shipped catalogue. */
function withElement(
  kind: number,
  entry: Record<string, unknown>,
): { problems: ReturnType<typeof problemsAfter>; at: string } {
  let at = ''
  const problems = problemsAfter((c) => {
    const list = c.kinds[kind]!.elements as unknown as Record<string, unknown>[]
    at = `/kinds/${kind}/elements/${list.length}`
    list.push(entry)
  })
  return { problems, at }
}

function narrowed(
  kind: number,
  element: string,
  narrowing: Record<string, unknown>,
): { problems: ReturnType<typeof problemsAfter>; at: string } {
  const index = shipped().kinds[kind]!.elements.findIndex((e) => e.element === element)
  assert.notEqual(index, -1, `${element} is not in kind ${kind}`)
  const at = `/kinds/${kind}/elements/${index}`
  const problems = problemsAfter((c) => Object.assign(c.kinds[kind]!.elements[index]!, narrowing))
  return { problems, at }
}

void describe('the data-element dictionary', () => {
  void it('has elements whose schemas compile and whose examples are valid', () => {
    assert.ok(elements.length >= 80, `${elements.length} elements`)
    for (const e of elements) {
      const validate = compileFieldSchema({
        type: 'object',
        properties: { [e.code]: elementSchema(e) },
        required: [],
        additionalProperties: false,
      })
      for (const example of e.examples) {
        if (example === null) continue
        assert.deepEqual(validate({ [e.code]: example }), [], `${e.code}: ${JSON.stringify(example)}`)
      }
      assert.ok(
        e.examples.some((x) => x !== null),
        `${e.code} has an example`,
      )
    }
  })

  void it('names each element once, as a field name outside the record envelope, in both languages', () => {
    for (const e of elements) {
      assert.match(e.code, /^[a-z][A-Za-z0-9]{1,63}$/, e.code)
      assert.ok(!ENVELOPE_FIELD_NAMES.includes(e.code), e.code)
      for (const text of [e.name, e.description]) assert.ok(text.zh.trim() && text.en.trim(), e.code)
      assert.ok(Object.hasOwn(LEGAL_BASES, e.legalBasis), e.code)
      assert.ok(
        e.subjectTypes.length > 0 && e.subjectTypes.every((t) => (SUBJECT_TYPES as readonly string[]).includes(t)),
        e.code,
      )
      assert.ok(e.category === 'common' || (RECORD_CATEGORIES as readonly string[]).includes(e.category), e.code)
      if (e.value.type === 'code' || e.value.type === 'codes') {
        for (const [code, [zh, en]] of Object.entries(e.value.values)) assert.ok(code && zh && en, `${e.code}.${code}`)
      }
    }
  })

  void it('gives every kind category common elements and its own', () => {
    for (const category of RECORD_CATEGORIES) assert.ok(ELEMENT_CATEGORIES_FOR_KIND[category].includes('common'))
  })

  void it('holds no free text but a few bounded elements', () => {
    const texts = elements.filter((e) => e.value.type === 'text')
    assert.ok(texts.length <= 8, texts.map((e) => e.code).join(', '))
    for (const e of texts) assert.ok(e.value.type === 'text' && e.value.maxLength <= 500, e.code)
  })
})

void describe('a kind names elements of the dictionary, and nothing else', () => {
  // The rewordings a hostile operator tried (issue 15), as field names: none is an element.
  const REWORDINGS = [
    'religion',
    'creed',
    'faith',
    'cohabitant',
    'protest_participation',
    'protestParticipation',
    'mental_state',
    'mentalState',
    'luxury_spending',
    'luxurySpending',
    'zongjiao',
    'minzu',
    'zong_jiao',
    'dangyuan',
    'customerreligion',
    'religiousaffiliation',
    '宗\u200b教',
    '宗教',
    '民族',
    'Ｒｅｌｉｇｉｏｎ',
    'rеligion' /* Cyrillic е */,
    'ethnicGroup',
    'partyMember',
    'party_member',
    'bloodType',
    'blood_type',
    'overallTrustworthiness',
    'overall_trustworthiness',
    'num_friends',
    'numFriends',
    'dob',
    'wechat_contacts',
    'wechatContacts',
    'householdMembers',
    'sexualOrientation',
    'healthStatus',
    'petitionCount',
    'weiboPosts',
    'decisionnumber',
    'decisionNumber\u200b',
    'Summary',
    'summary ',
  ]

  for (const name of REWORDINGS) {
    void it(`refuses ${JSON.stringify(name)} as an element`, () => {
      const { problems, at } = withElement(PENALTY, { element: name, required: false })
      expectProblem(
        problems,
        'catalogue.unknown_element',
        `${at}/element`,
        'not an element of the data-element dictionary',
      )
    })
  }

  void it('refuses any name outside the dictionary, whatever its spelling (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(shipped().kinds.length - 1), (name, kind) => {
        fc.pre(!DATA_ELEMENTS.has(name))
        const { problems, at } = withElement(kind, { element: name, required: false })
        assert.ok(
          problems.some((p) => p.code === 'catalogue.unknown_element' && p.path === `${at}/element`),
          name,
        )
      }),
      { numRuns: 300 },
    )
    // a dictionary name with anything inserted, cased or spaced differently is another name, refused too
    fc.assert(
      fc.property(
        fc.constantFrom(...DATA_ELEMENTS.keys()),
        fc.constantFrom('\u200b', '\u00ad', ' ', '_', 'x', '\u2060'),
        fc.nat(60),
        (code, insert, pos) => {
          const i = pos % (code.length + 1)
          const name = code.slice(0, i) + insert + code.slice(i)
          const { problems, at } = withElement(PENALTY, { element: name, required: false })
          assert.ok(
            problems.some((p) => p.code === 'catalogue.unknown_element' && p.path === `${at}/element`),
            JSON.stringify(name),
          )
        },
      ),
      { numRuns: 200 },
    )
  })

  void it("refuses a description, pattern, enumeration, examples or any schema keyword of the deployment's own", () => {
    for (const key of [
      'description',
      'pattern',
      'examples',
      'enum',
      'const',
      'title',
      'format',
      'type',
      'items',
      'properties',
      'name',
      'label',
    ]) {
      const { problems, at } = narrowed(PENALTY, 'summary', { [key]: key === 'examples' ? ['共产党员'] : 'x' })
      expectProblem(problems, 'catalogue.invalid_narrowing', `${at}/${key}`, 'come from the dictionary')
    }
    const legacy = problemsAfter((c) =>
      Object.assign(c.kinds[PENALTY]!, { fields: { type: 'object', properties: {} } }),
    )
    expectProblem(legacy, 'catalogue.invalid_narrowing', `/kinds/${PENALTY}/fields`, 'elements')
  })

  void it('refuses enumeration values that carry forbidden data, on any coded element', () => {
    const cases: [number, string, string[]][] = [
      [PENALTY, 'decisionStatus', ['in_force', 'han', 'hui', 'uyghur']],
      [PENALTY, 'penaltyTypes', ['fine', 'party_member']],
      [LOAN, 'accountStatus', ['normal', 'blood_type_o']],
      [LICENCE, 'licenceCategory', ['general', 'religious_venue']],
    ]
    for (const [kind, element, values] of cases) {
      const { problems, at } = narrowed(kind, element, { values })
      expectProblem(problems, 'catalogue.element_widened', `${at}/values`, 'is not a value of', element)
    }
  })

  void it('lets a kind narrow an element and refuses widening (property)', () => {
    const narrowable = shipped().kinds.flatMap((k, kind) =>
      k.elements.map((e) => ({ kind, entry: e, element: DATA_ELEMENTS.get(e.element)! })),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...narrowable),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        ({ kind, entry, element }, f, widen) => {
          const narrowing = narrowingOf(element, f, widen)
          fc.pre(narrowing !== undefined)
          const { problems, at } = narrowed(kind, entry.element, narrowing!)
          if (widen)
            assert.ok(
              problems.some((p) => p.code === 'catalogue.element_widened' && p.path.startsWith(at)),
              `${element.code} ${JSON.stringify(narrowing)}`,
            )
          else assert.deepEqual(problems, [], `${element.code} ${JSON.stringify(narrowing)}`)
        },
      ),
      { numRuns: 300 },
    )
  })

  void it('narrows the schema records are validated with', () => {
    const c = shipped()
    const entry = c.kinds[PENALTY]!.elements.find((e) => e.element === 'summary')!
    entry.maxLength = 120
    const r = validateCatalogue(c)
    assert.ok(r.ok)
    assert.equal(r.catalogue.kinds[PENALTY]!.fields.properties.summary!.maxLength, 120)
  })

  void it("refuses an element of another field, one that may not describe the kind's subjects, or one that may not be public", () => {
    expectProblem(
      withElement(PENALTY, { element: 'repaymentHistory', required: false }).problems,
      'catalogue.element_category',
      `/kinds/${PENALTY}/elements/${shipped().kinds[PENALTY]!.elements.length}/element`,
      'finance',
    )
    // a person-level integer: the tax credit score describes market entities only
    const person = problemsAfter((c) => (c.kinds[TAX_GRADE]!.subjectTypes as string[]).push('person'))
    expectProblem(
      person,
      'catalogue.element_subject_type',
      `/kinds/${TAX_GRADE}/elements/2/element`,
      'taxCreditScore',
      'person',
    )
    const loanPublic = problemsAfter((c: Catalogue) => {
      Object.assign(c.kinds[LOAN]!, {
        disclosure: 'public',
        display: { window: 'P1Y', maxWindow: 'P1Y' },
        subjectTypes: ['enterprise'],
      })
    })
    expectProblem(
      loanPublic,
      'catalogue.element_not_public',
      `/kinds/${LOAN}/elements/0/element`,
      'accountNumber',
      'never be public',
    )
  })

  void it('refuses an element listed twice and an ill-formed narrowing', () => {
    const twice = withElement(PENALTY, { element: 'summary', required: false })
    expectProblem(twice.problems, 'catalogue.duplicate_element', `${twice.at}/element`, 'twice')
    const bad = narrowed(PENALTY, 'summary', { maxLength: 'long' })
    expectProblem(bad.problems, 'catalogue.invalid_narrowing', `${bad.at}/maxLength`, 'whole number')
    const wrong = narrowed(PENALTY, 'penaltyTypes', { maxLength: 5 })
    expectProblem(wrong.problems, 'catalogue.invalid_narrowing', `${wrong.at}/maxLength`, 'does not narrow')
  })
})

/** A narrowing of `element` inside its bounds (or, with `widen`, outside them); undefined when it has none. */
function narrowingOf(element: DataElement, f: number, widen: boolean): Partial<KindElement> | undefined {
  const v = element.value
  switch (v.type) {
    case 'identifier':
    case 'name':
    case 'text': {
      const min = v.type === 'identifier' ? (v.minLength ?? 1) : 1
      if (widen) return { maxLength: v.maxLength + 1 + Math.floor(f * 1000) }
      return { maxLength: min + Math.floor(f * (v.maxLength - min)) }
    }
    case 'code':
    case 'codes': {
      const codes = allowedCodes(element)
      if (widen) return { values: [...codes.slice(0, 1), `not_${codes[0]}`] }
      const keep = codes.filter((_, i) => i === 0 || (i * 7919 * (f + 1)) % 3 < 2)
      return { values: keep }
    }
    case 'amount':
    case 'count':
    case 'level':
    case 'year': {
      const min = v.type === 'amount' ? 0 : v.minimum
      if (widen) return { minimum: min - 1 - Math.floor(f * 100) }
      return { minimum: min + Math.floor(f * 10) }
    }
    case 'date':
    case 'month':
    case 'score':
    case 'boolean':
    case 'coded_string':
    case 'monthly_series':
      return undefined
  }
}
