// A refusal of the charter's rules reaches a person in the page's words: no code, no JSON pointer, no other language.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { problemText } from '../src/portal/http.ts'
import { AppError, toProblem } from '../src/platform/app-error.ts'

test("the charter's refusals are worded for the page, in its language", () => {
  for (const [code, pointer] of [
    ['text.forbidden_category', '/reasons'],
    ['list.basis_not_effective', '/basisRecordId'],
    ['repair.not_repairable', ''],
  ] as const) {
    const body = JSON.stringify(
      toProblem(new AppError(code, 'an English detail for machines', [{ pointer, detail: 'suppressed' }])),
    )
    const zh = problemText(body, 'zh')
    const en = problemText(body, 'en')
    assert.ok(/[\u4e00-\u9fff]/.test(zh) && !/[A-Za-z]{3,}/.test(zh), zh)
    assert.ok(!/[\u4e00-\u9fff]/.test(en) && en.length > 20, en)
    for (const text of [zh, en])
      assert.ok(
        !text.includes(code) && !text.includes('English detail') && (pointer === '' || !text.includes(pointer)),
        text,
      )
  }
})

test('an evidence document refused by its bytes is worded for the page, format names aside', () => {
  const body = JSON.stringify(
    toProblem(
      new AppError(
        'evidence.content_mismatch',
        'the content is not application/pdf: a PDF document starts with %PDF-',
        [{ pointer: '', detail: 'a PDF document starts with %PDF-' }],
      ),
    ),
  )
  const zh = problemText(body, 'zh')
  const en = problemText(body, 'en')
  assert.ok(/[\u4e00-\u9fff]/.test(zh) && !/[A-Za-z]{3,}/.test(zh.replace(/\b(PDF|PNG|JPEG)\b/g, '')), zh)
  assert.ok(!/[\u4e00-\u9fff]/.test(en) && en.length > 20, en)
  for (const text of [zh, en])
    assert.ok(!text.includes('evidence.') && !text.includes('%PDF-') && !text.includes('application/pdf'), text)
})
