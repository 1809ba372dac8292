import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { makeResidentId, makeUscc, redactIdentifiers, REDACTED, seededRandom } from './index.ts'

const id = '11010519491231002X'
const uscc = '91350100M000100Y43'
const fullwidth = (text: string) => [...text].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
const mathBold = (text: string) =>
  [...text].map((c) => (/[0-9]/.test(c) ? String.fromCodePoint(0x1d7ce + Number(c)) : c)).join('')
const circled = (text: string) =>
  [...text].map((c) => (/[1-9]/.test(c) ? String.fromCodePoint(0x2460 + Number(c) - 1) : c)).join('')
const percent = (text: string) => [...text].map((c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).join('')

void describe('redactIdentifiers', () => {
  void it('redacts identity numbers and codes in every form a URL or a message carries them', () => {
    for (const [text, expected] of [
      [`/search?q=${id}`, `/search?q=${REDACTED}`],
      [`/v1/public/search?q=${id.toLowerCase()}&limit=5`, `/v1/public/search?q=${REDACTED}&limit=5`],
      [`/v1/checks?subject=${id}&domain=high_consumption`, `/v1/checks?subject=${REDACTED}&domain=high_consumption`],
      [`/v1/nothing/${id}/here`, `/v1/nothing/${REDACTED}/here`],
      [`/search?q=${encodeURIComponent(fullwidth(id))}`, `/search?q=${REDACTED}`],
      [`/search?q=${fullwidth(id)}`, `/search?q=${REDACTED}`],
      [`/search?q=${percent(id)}`, `/search?q=${REDACTED}`],
      [`/search?q=110105+19491231+002X`, `/search?q=${REDACTED}`],
      [`/search?q=110105%2019491231%20002x`, `/search?q=${REDACTED}`],
      [`the subject 110105 19491231 002X is unknown`, `the subject ${REDACTED} is unknown`],
      [`/search?q=${uscc}`, `/search?q=${REDACTED}`],
      [`/search?q=${uscc.toLowerCase()}`, `/search?q=${REDACTED}`],
      [`/search?q=${encodeURIComponent(fullwidth(uscc))}`, `/search?q=${REDACTED}`],
      [`no route GET /v1/x/${id}abc`, `no route GET /v1/x/${REDACTED}`],
      ['/old/110105491231002', `/old/${REDACTED}`],
      ['card 6222021234567890123 paid', `card ${REDACTED} paid`],
      [`/search?q=${encodeURIComponent('公司' + uscc)}`, `/search?q=%E5%85%AC%E5%8F%B8${REDACTED}`],
      [`/search?q=${encodeURIComponent('号' + id)}`, `/search?q=%E5%8F%B7${REDACTED}`],
      [`/search?q=${mathBold(id)}`, `/search?q=${REDACTED}`],
      [`/search?q=${encodeURIComponent(mathBold(id))}`, `/search?q=${REDACTED}`],
      [`/search?q=${encodeURIComponent(circled(id))}`, `/search?q=${REDACTED}`],
    ] as const)
      assert.equal(redactIdentifiers(text), expected, text)
  })

  void it('keeps ordinary text, pseudonymous ids, dates and short numbers', () => {
    for (const text of [
      '/v1/reports/7d0b3f5e-2a41-5c8e-9b7a-1f2e3d4c5b6a?purpose=credit_application',
      '/search?q=%E9%95%BF%E4%B9%90&lang=zh',
      '/search?q=Xiamen+Harbour+Trading+Co.%2C+Ltd.',
      'request completed in 12.5 ms at 1733380000000',
      'decided on 2026-03-02, 2024 2025 20261231',
      'the request querystring is not valid',
    ])
      assert.equal(redactIdentifiers(text), text)
  })

  void it('no generated identity number or code survives, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom('/x/', '?q=', ' ', '=', '"', '：'),
        fc.constantFrom('', '&a=1', '/', '"', ' 号'),
        fc.constantFrom('plain', 'fullwidth', 'encoded', 'lower'),
        (seed, before, after, form) => {
          const random = seededRandom(seed)
          for (const value of [makeResidentId(random), makeUscc(random)]) {
            const written =
              form === 'fullwidth'
                ? fullwidth(value)
                : form === 'encoded'
                  ? encodeURIComponent(fullwidth(value))
                  : form === 'lower'
                    ? value.toLowerCase()
                    : value
            const out = redactIdentifiers(`${before}${written}${after}`)
            assert.equal(out, `${before}${REDACTED}${after}`)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
