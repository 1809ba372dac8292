import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { JsonSchema } from './catalogue.ts'
import { validateCatalogue } from './validate-catalogue.ts'
import { compileFieldValidators } from './fields.ts'
import type { FieldError } from './fields.ts'
import { shipped } from './catalogue.fixtures.ts'
import { kindSample } from './samples.ts'

const result = validateCatalogue(shipped())
assert.ok(result.ok)
const catalogue = result.catalogue
const validators = compileFieldValidators(catalogue)

const at = (errors: readonly FieldError[], pointer: string): FieldError[] => errors.filter((e) => e.pointer === pointer)

function wrongValue(schema: JsonSchema): unknown {
  switch (schema.type) {
    case 'string':
      return 12345
    case 'number':
    case 'integer':
    case 'object':
    case 'array':
      return 'not of this type'
    case 'boolean':
      return 'yes'
  }
}

void describe('compileFieldValidators', () => {
  void it('compiles one validator per kind', () => {
    assert.deepEqual(
      [...validators.keys()],
      catalogue.kinds.map((k) => k.code),
    )
  })

  for (const kind of catalogue.kinds) {
    void describe(kind.code, () => {
      const validate = validators.get(kind.code)
      assert.ok(validate)
      const example = kindSample(kind)

      void it('accepts every sample built from the dictionary', () => {
        for (let n = 0; n < 4; n++)
          assert.deepEqual(validate(kindSample(kind, n)), [], JSON.stringify(kindSample(kind, n)))
      })

      void it('refuses an extra property, naming it', () => {
        const errors = validate({ ...example, notAField: 1 })
        assert.equal(errors.length, 1, JSON.stringify(errors))
        assert.equal(errors[0]?.pointer, '/notAField')
        assert.match(errors[0]?.message ?? '', /notAField/)
      })

      void it('refuses a missing required field', () => {
        const name = kind.fields.required[0]
        assert.ok(name)
        const copy: Record<string, unknown> = { ...example }
        delete copy[name]
        const errors = validate(copy)
        assert.equal(at(errors, `/${name}`).length, 1, JSON.stringify(errors))
        assert.match(at(errors, `/${name}`)[0]?.message ?? '', /required/)
      })

      void it('refuses a wrong type at its pointer', () => {
        for (const [name, schema] of Object.entries(kind.fields.properties)) {
          const errors = validate({ ...example, [name]: wrongValue(schema) })
          assert.ok(errors.length > 0, name)
          assert.ok(
            errors.every((e) => e.pointer === `/${name}`),
            JSON.stringify(errors),
          )
          assert.ok(
            errors.some((e) => /must be/.test(e.message)),
            JSON.stringify(errors),
          )
        }
      })

      void it('refuses a string that is too long at its pointer', () => {
        const strings = Object.entries(kind.fields.properties).filter(
          ([, s]) => s.type === 'string' && s.maxLength !== undefined,
        )
        assert.ok(strings.length > 0)
        for (const [name, schema] of strings) {
          const errors = validate({ ...example, [name]: 'x'.repeat((schema.maxLength ?? 0) + 1) })
          assert.ok(
            at(errors, `/${name}`).some((e) => /more than \d+ characters/.test(e.message)),
            `${name}: ${JSON.stringify(errors)}`,
          )
          assert.ok(
            errors.every((e) => e.pointer === `/${name}`),
            JSON.stringify(errors),
          )
        }
      })
    })
  }

  void it('refuses fields that are not an object, at the root pointer', () => {
    for (const validate of validators.values()) {
      for (const bad of [null, [], 'fields', 3]) assert.equal(validate(bad)[0]?.pointer, '')
    }
  })

  void it('checks nested pointers, dates and patterns', () => {
    const loan = validators.get('loan_account')
    const penalty = validators.get('admin_penalty_general')
    assert.ok(loan && penalty)
    const loanExample = kindSample(catalogue.kinds.find((k) => k.code === 'loan_account')!)
    const penaltyExample = kindSample(catalogue.kinds.find((k) => k.code === 'admin_penalty_general')!)
    assert.deepEqual(
      at(loan({ ...loanExample, repaymentHistory: 'NNNNNNNNNNNNNNNNNNNNNNNX' }), '/repaymentHistory').length,
      1,
    )
    assert.deepEqual(at(loan({ ...loanExample, repaymentHistory: 'NNNN' }), '/repaymentHistory').length > 0, true)
    assert.deepEqual(at(loan({ ...loanExample, openedOn: '2023-02-29' }), '/openedOn').length, 1)
    assert.deepEqual(at(loan({ ...loanExample, outstandingBalance: -1 }), '/outstandingBalance').length, 1)
    assert.deepEqual(
      penalty({ ...penaltyExample, penaltyTypes: ['fine', 'flogging'] }).map((e) => e.pointer),
      ['/penaltyTypes/1'],
    )
    assert.deepEqual(
      penalty({ ...penaltyExample, currency: 'USD' }).map((e) => e.pointer),
      ['/currency'],
    )
  })
})
