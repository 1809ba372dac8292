import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import type { App } from '../src/app.ts'
import { describeEachEngine } from './support/databases.ts'
import { recordsContext, testApp } from './support/context.ts'

describeEachEngine("the pages' content security policy", (db) => {
  let app: App
  before(async () => {
    app = await testApp(await recordsContext(db()))
  })

  test('every portal page carries it: self only, no script, its own style sheet by hash, no framing, forms back to Fides', async () => {
    for (const url of [
      '/',
      '/statistics',
      '/catalogue',
      '/signin',
      '/org/00000000-0000-4000-8000-000000000000',
      '/search?q=%E7%A6%8F%E5%B7%9E',
    ]) {
      const res = await app.inject({ method: 'GET', url })
      assert.equal(res.statusCode === 200 || res.statusCode === 404, true, `${url}: ${res.statusCode}`)
      const policy = String(res.headers['content-security-policy'] ?? '')
      const directives = new Map(
        policy.split(/;\s*/).map((d) => {
          const [name, ...values] = d.split(' ')
          return [name!, values] as const
        }),
      )
      assert.deepEqual(directives.get('default-src'), ["'self'"], url)
      assert.deepEqual(directives.get('script-src'), ["'none'"], url)
      assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], url)
      assert.deepEqual(directives.get('form-action'), ["'self'"], url)
      assert.ok(!policy.includes('unsafe-inline') && !policy.includes('unsafe-eval'), url)
      const styles = [...res.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
        (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
      )
      assert.ok(
        styles.length > 0 && styles.every((h) => directives.get('style-src')!.includes(h)),
        `${url}: its style sheet is allowed by its hash`,
      )
      assert.doesNotMatch(res.body, /\sstyle="|<script/i, `${url}: no style attribute, no script`)
    }
  })

  test('the API documentation keeps its own (Swagger UI), and JSON needs none', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/docs/' })).headers['content-security-policy'], undefined)
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).headers['content-security-policy'], undefined)
  })
})
