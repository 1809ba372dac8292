import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { App } from '../src/app.ts'
import {
  activateCatalogue,
  DICTIONARY_VERSION,
  LEGAL_BASES,
  type CatalogueDiffView,
  type PublishedCatalogue,
  type VersionContent,
  type Versions,
} from '../src/modules/catalogue/index.ts'
import { insertCatalogueVersion } from '../src/modules/catalogue/catalogue.repository.ts'
import { activateListCatalogue, loadLists } from '../src/modules/lists/index.ts'
import { leafHash, sequence } from '../src/modules/transparency/index.ts'
import { appendAuditEvents, systemActor } from '../src/platform/audit.ts'
import { canonicalJson, sha256 } from '../src/platform/crypto.ts'
import { describeEachEngine, whenSettled } from './support/databases.ts'
import { catalogueFile, recordsContext, testApp } from './support/context.ts'

const listsFile = new URL('../catalogue/lists.json', import.meta.url).pathname
const holidaysFile = new URL('../catalogue/holidays.json', import.meta.url).pathname

type Json = Record<string, unknown>
type KindFile = Json & { code: string; display: unknown; elements: (Json & { element: string })[] }

/** A catalogue stored by a deployment that started on the 2026.1 format: fields as a JSON Schema, no elements. */
const OLD_FORMAT = {
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
        required: ['decisionNumber', 'authority'],
        properties: {
          decisionNumber: { type: 'string', maxLength: 64 },
          authority: { type: 'string', maxLength: 200 },
        },
      },
    },
  ],
}

describeEachEngine('the public catalogue: in force, its versions and what changed', (db) => {
  let app: App

  before(async () => {
    // a deployment that loaded 2026.1 (old format) in January, the shipped 2026.2 in June, and 2026.3 in July
    const loadedAt = new Date('2026-01-20T02:00:00Z')
    await db().transaction(async (tx) => {
      const contentJson = canonicalJson(OLD_FORMAT)
      const contentHash = sha256(contentJson).toString('hex')
      await insertCatalogueVersion(tx, {
        version: '2026.1',
        publishedOn: '2026-01-15',
        contentJson,
        contentHash,
        loadedAt,
      })
      await appendAuditEvents(tx, loadedAt, [
        {
          action: 'catalogue.loaded',
          actor: systemActor,
          subjectId: null,
          objectType: 'catalogue',
          objectId: '2026.1',
          payload: { catalogueVersion: '2026.1', contentHash, kinds: 1 },
        },
      ])
    })
    const ctx = await recordsContext(db(), '2026-06-01T02:00:00Z')
    const dir = await mkdtemp(join(tmpdir(), 'fides-catalogue-'))
    const next = JSON.parse(await readFile(catalogueFile, 'utf8')) as {
      catalogueVersion: string
      publishedOn: string
      kinds: KindFile[]
    }
    next.catalogueVersion = '2026.3'
    next.publishedOn = '2026-07-01'
    const licence = next.kinds.find((k) => k.code === 'admin_licence')!
    // a catalogue selects kinds from the dictionary of kind types: it can drop one, not create one
    next.kinds = next.kinds.filter((k) => k.code !== 'loan_account')
    licence.display = { window: 'P2Y', maxWindow: 'P5Y' }
    const penalty = next.kinds.find((k) => k.code === 'admin_penalty_general')!
    penalty.elements = penalty.elements.filter((e) => e.element !== 'summary')
    await writeFile(join(dir, 'record-kinds.json'), JSON.stringify(next))
    ctx.clock.set('2026-07-02T02:00:00Z')
    ctx.catalogue = await activateCatalogue(db(), ctx.clock, join(dir, 'record-kinds.json'))
    // a list catalogue 2026.3 with a shorter inspection measure, loaded beside the shipped 2026.2 (which stays in force)
    const lists = JSON.parse(await readFile(listsFile, 'utf8')) as { listCatalogueVersion: string; measures: Json[] }
    lists.listCatalogueVersion = '2026.3'
    lists.measures.find((m) => m.code === 'more_frequent_inspections')!.maxTerm = 'P1Y'
    await writeFile(join(dir, 'lists.json'), JSON.stringify(lists))
    await activateListCatalogue(
      db(),
      ctx.clock,
      (
        await loadLists(new Set(ctx.catalogue.kinds.keys()), {
          listCatalogue: join(dir, 'lists.json'),
          holidays: holidaysFile,
        })
      ).lists,
    )
    ctx.clock.set('2026-07-03T02:00:00Z')
    app = await testApp(ctx)
  })

  const get = async <T>(url: string) => {
    const res = await app.inject({ method: 'GET', url })
    return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json<T>() }
  }

  test('GET /v1/catalogue: every kind with its elements resolved from the dictionary, and the list kinds and measures', async () => {
    const { status, body } = await get<PublishedCatalogue>('/v1/catalogue')
    assert.equal(status, 200)
    assert.equal(body.catalogueVersion, '2026.3')
    assert.equal(body.dictionaryVersion, DICTIONARY_VERSION)
    assert.equal(body.kinds.length, 17)
    const penalty = body.kinds.find((k) => k.code === 'admin_penalty_general')!
    assert.deepEqual(
      [penalty.polarity, penalty.disclosure, penalty.repairable, penalty.retention.from],
      ['negative', 'public', true, 'decision'],
    )
    const currency = penalty.elements.find((e) => e.code === 'currency')!
    assert.deepEqual(
      currency.values.map((v) => v.code),
      ['CNY'],
      "narrowed by the kind to one of the dictionary's codes",
    )
    assert.equal(currency.values[0]!.zh, '人民币')
    const decision = penalty.elements.find((e) => e.code === 'decisionNumber')!
    assert.deepEqual(
      [decision.type, decision.required, decision.bounds.maxLength, decision.mayBePublic],
      ['identifier', true, 64, true],
    )
    assert.equal(decision.legalBasis.en, LEGAL_BASES[decision.legalBasis.code as keyof typeof LEGAL_BASES].en)
    assert.ok(decision.name.zh && decision.description.en)
    const fine = penalty.elements.find((e) => e.type === 'amount')!
    assert.equal(fine.unit, 'record_currency')
    assert.ok(!body.kinds.some((k) => k.code === 'loan_account'), 'the kind 2026.3 dropped')
    for (const kind of body.kinds)
      assert.ok(kind.disclosure !== 'public' || kind.elements.every((e) => e.mayBePublic), kind.code)
    const consumption = body.lists.measures.find((m) => m.code === 'high_consumption_restriction')!
    assert.equal(consumption.items.length, 8)
    assert.equal(
      consumption.groupName.en,
      'measures of public bodies, under law, that reduce rights or add obligations',
    )
    assert.deepEqual(
      body.lists.listKinds.map((k) => k.code),
      ['judgment_defaulters', 'seriously_untrustworthy', 'abnormal_operations', 'tax_d_grade', 'a_grade_taxpayers'],
    )
  })

  test('the OpenAPI document describes the catalogue routes and what they answer', async () => {
    const doc = (
      await get<{
        paths: Record<
          string,
          { get: { responses: Record<string, { content: Record<string, { schema: { properties?: Json } }> }> } }
        >
      }>('/docs/json')
    ).body
    for (const path of [
      '/v1/catalogue',
      '/v1/catalogue/versions',
      '/v1/catalogue/versions/{version}',
      '/v1/catalogue/diff',
    ])
      assert.ok(doc.paths[path], path)
    const schema = doc.paths['/v1/catalogue']!.get.responses['200']!.content['application/json']!.schema
    assert.ok(schema.properties?.kinds && schema.properties.lists && schema.properties.dictionaryVersion)
  })

  test('GET /v1/catalogue/versions: both histories, newest first, each with the audit event that recorded it and, once logged, its leaf', async () => {
    let { body } = await get<Versions>('/v1/catalogue/versions')
    assert.deepEqual(
      body.recordKinds.map((v) => [v.version, v.publishedOn, v.inForce]),
      [
        ['2026.3', '2026-07-01', true],
        ['2026.2', '2026-12-04', false],
        ['2026.1', '2026-01-15', false],
      ],
    )
    // the shipped list catalogue was first loaded when the app started, after 2026.3
    assert.deepEqual(
      body.lists.map((v) => [v.version, v.inForce]),
      [
        ['2026.2', true],
        ['2026.3', false],
      ],
    )
    assert.equal(body.recordKinds[0]!.loadedAt, '2026-07-02T02:00:00.000Z')
    const events = (
      await sql<{
        seq: number
        object_id: string
      }>`SELECT seq, object_id FROM audit_events WHERE action = 'catalogue.loaded' ORDER BY seq`.execute(db().db)
    ).rows
    assert.deepEqual(
      body.recordKinds.map((v) => v.recordedBy?.seq).reverse(),
      events.map((e) => Number(e.seq)),
    )
    assert.ok(
      body.recordKinds.every((v) => v.recordedBy?.action === 'catalogue.loaded' && v.recordedBy.leafIndex === null),
      'not in the log yet',
    )
    await whenSettled(db())
    await sequence(db())
    body = (await get<Versions>('/v1/catalogue/versions')).body
    for (const v of [...body.recordKinds, ...body.lists]) {
      const event = v.recordedBy!
      assert.equal(typeof event.leafIndex, 'number', v.version)
      assert.ok(event.canonical!.includes(`"contentHash":"${v.contentHash}"`))
      // anyone can check it: the canonical bytes hash to the leaf the log proves
      const proof = await get<{ leafHash: string }>(
        `/v1/log/proof/inclusion?leaf=${event.leafIndex}&size=${event.leafIndex! + 1}`,
      )
      assert.equal(proof.status, 200)
      assert.equal(proof.body.leafHash, leafHash(Buffer.from(event.canonical!, 'utf8')).toString('base64'))
    }
  })

  test('GET /v1/catalogue/versions/{version}: the content as loaded, whose hash anyone can recompute; an unknown version is 404', async () => {
    const old = await get<VersionContent>('/v1/catalogue/versions/2026.1')
    assert.equal(old.status, 200)
    assert.equal(sha256(canonicalJson(old.body.content)).toString('hex'), old.body.contentHash)
    assert.deepEqual(old.body.content, OLD_FORMAT)
    const shipped = await get<VersionContent>('/v1/catalogue/versions/2026.2')
    assert.equal(sha256(canonicalJson(shipped.body.content)).toString('hex'), shipped.body.contentHash)
    const lists = await get<VersionContent>('/v1/catalogue/versions/2026.3?type=lists')
    assert.deepEqual([lists.status, lists.body.type, lists.body.inForce], [200, 'lists', false])
    assert.equal(sha256(canonicalJson(lists.body.content)).toString('hex'), lists.body.contentHash)
    const missing = await get<{ code: string; errors: { pointer: string }[] }>('/v1/catalogue/versions/1999.1')
    assert.equal(missing.status, 404)
    assert.match(missing.type, /^application\/problem\+json/)
    assert.deepEqual([missing.body.code, missing.body.errors[0]!.pointer], ['catalogue.version_not_found', '/version'])
  })

  test('GET /v1/catalogue/diff: kinds removed and changed, each property before and after, elements removed', async () => {
    const { status, body } = await get<CatalogueDiffView>('/v1/catalogue/diff?from=2026.2&to=2026.3')
    assert.equal(status, 200)
    assert.deepEqual(
      [body.type, body.from, body.to],
      ['kinds', { version: '2026.2', publishedOn: '2026-12-04' }, { version: '2026.3', publishedOn: '2026-07-01' }],
    )
    const [kinds] = body.sections
    assert.deepEqual(
      kinds!.removed.map((k) => [k.code, k.name?.zh]),
      [['loan_account', '信贷账户及还款记录']],
    )
    assert.deepEqual(kinds!.added, [])
    const licence = kinds!.changed.find((k) => k.code === 'admin_licence')!
    assert.deepEqual(licence.properties, [
      { property: 'display', before: { window: 'P3Y', maxWindow: 'P5Y' }, after: { window: 'P2Y', maxWindow: 'P5Y' } },
    ])
    const penalty = kinds!.changed.find((k) => k.code === 'admin_penalty_general')!
    assert.deepEqual(
      penalty.elements!.removed.map((e) => [e.element, e.name?.en]),
      [['summary', 'Summary of the facts']],
    )
    assert.equal(kinds!.changed.length, 2)
  })

  test("a diff from the 2026.1 format compares elements by name; the list catalogue's diff names the measure that changed", async () => {
    const old = (await get<CatalogueDiffView>('/v1/catalogue/diff?from=2026.1&to=2026.2')).body
    const licence = old.sections[0]!.changed.find((k) => k.code === 'admin_licence')!
    assert.equal(licence.elements!.comparedBy, 'name')
    assert.deepEqual(
      licence.elements!.removed.map((e) => e.element),
      ['authority'],
    )
    assert.equal(old.sections[0]!.added.length, 17, 'every shipped kind but the one 2026.1 had')
    const lists = (await get<CatalogueDiffView>('/v1/catalogue/diff?type=lists&from=2026.2&to=2026.3')).body
    assert.deepEqual(
      lists.sections.map((s) => s.section),
      ['listKinds', 'measures'],
    )
    assert.deepEqual(
      lists.sections[1]!.changed.map((m) => [m.code, m.listKind, m.properties]),
      [['more_frequent_inspections', 'tax_d_grade', [{ property: 'maxTerm', before: 'P2Y', after: 'P1Y' }]]],
    )
  })

  test('a diff names the version it cannot find, and needs both', async () => {
    const unknown = await get<{ code: string; errors: { pointer: string }[] }>(
      '/v1/catalogue/diff?from=2026.2&to=2030.1',
    )
    assert.deepEqual(
      [unknown.status, unknown.body.code, unknown.body.errors[0]!.pointer],
      [404, 'catalogue.version_not_found', '/querystring/to'],
    )
    const listOnly = await get<{ code: string }>('/v1/catalogue/diff?type=lists&from=2026.1&to=2026.2')
    assert.equal(listOnly.status, 404, 'there is no list catalogue 2026.1 here')
    assert.equal((await get('/v1/catalogue/diff?from=2026.2')).status, 400)
  })

  /** The words a reader sees: no markup, no style sheet, no attribute values. */
  const visibleText = (html: string) =>
    html
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
  const page = async (url: string) => {
    const res = await app.inject({ method: 'GET', url })
    assert.equal(res.statusCode, 200, url)
    assert.match(String(res.headers['content-type']), /^text\/html/)
    return { html: res.body, text: visibleText(res.body) }
  }
  /** Codes a page must never show: kinds, elements, list kinds, measures, vocabularies, periods as written, JSON pointers. */
  const codes = async () => {
    const c = (await get<PublishedCatalogue>('/v1/catalogue')).body
    return [
      ...c.kinds.flatMap((k) => [
        k.code,
        ...k.elements.map((e) => e.code).filter((e) => /[A-Z_]/.test(e)),
        ...k.elements.flatMap((e) => e.values.map((v) => v.code)).filter((v) => v.includes('_')),
      ]),
      ...c.lists.listKinds.map((k) => k.code),
      ...c.lists.measures.map((m) => m.code),
      'consent_required',
      'conduct_end',
      'market_order',
      'health_and_safety',
      'record_currency',
      'listed_subject',
      'rights_reducing',
      'catalogue.loaded',
    ].filter((code) => /[_A-Z.]/.test(code)) // a code that is also a plain word (commendation, fine) may be read as one
  }
  const assertNoCodes = (text: string, forbidden: readonly string[], where: string) => {
    assert.doesNotMatch(text, /\bP\d+[YMWD]\b|\bP\d+Y\d+M\b/, `${where}: a period as written`)
    assert.doesNotMatch(text, /\/(kinds|listKinds|measures|elements)\//, `${where}: a JSON pointer`)
    for (const code of forbidden)
      assert.ok(
        !new RegExp(`(^|[^A-Za-z0-9_])${code.replace(/[.]/g, '\\.')}([^A-Za-z0-9_]|$)`).test(text),
        `${where}: the code ${code}`,
      )
  }

  test('the page /catalogue in both languages: kinds, elements, periods and measures in words, and never a code', async () => {
    const forbidden = await codes()
    const zh = await page('/catalogue?lang=zh')
    assert.match(zh.html, /<html lang="zh-CN">/)
    assertNoCodes(zh.text, forbidden, 'zh')
    for (const words of [
      '自决定之日起公示2年，延长后最长5年',
      '自决定之日起满5年后删除',
      '可以，最短公示3个月后',
      '下列之一：人民币',
      '名称，最多200个字',
      '限制高消费及有关消费',
      '乘坐G字头动车组列车全部座位',
      '书面告知后30天',
      '各类组织（不含自然人）',
    ])
      assert.ok(zh.text.includes(words), `zh: ${words}`)
    // no English of the interface: only the language switch, the site's name, and a few abbreviations in the dictionary's own texts
    const latin = new Set(zh.text.replace(/\b[0-9a-f]{64}\b/g, '').match(/[A-Za-z]{3,}/g))
    for (const allowed of ['English', 'Fides', 'UTC', 'SHA', 'ISO', 'YYYY']) latin.delete(allowed)
    assert.deepEqual([...latin], [])
    const en = await page('/catalogue?lang=en')
    assert.match(en.html, /<html lang="en">/)
    assertNoCodes(en.text, forbidden, 'en')
    for (const words of [
      'shown publicly for 2 years from the decision, 5 years at most if extended',
      'erased 5 years from the decision',
      'yes, after at least 3 months of publication',
      'one of: renminbi (CNY)',
      "an amount in the record's currency",
      'a name of up to 200 characters',
      'travel and holidays',
      '30 days after written notice',
      'not shown to the public',
    ])
      assert.ok(en.text.includes(words), `en: ${words}`)
    // linked from the public navigation
    assert.match((await page('/?lang=en')).html, /<a href="\/catalogue">Catalogue<\/a>/)
  })

  test("the page shows the history with each version's audit event, and what changed between two versions chosen in a form", async () => {
    const events = (
      await sql<{
        seq: number
      }>`SELECT seq FROM audit_events WHERE action = 'catalogue.loaded' AND object_id = '2026.3'`.execute(db().db)
    ).rows
    const en = await page('/catalogue?lang=en')
    assert.ok(
      en.text.includes(`audit event no. ${Number(events[0]!.seq)}, transparency log entry`),
      'logged by the versions test before',
    )
    assert.ok(en.text.includes('2026.3 in force'))
    // by default, the last change of the record kinds
    assert.ok(en.text.includes('From version 2026.2 (published 2026-12-04) to version 2026.3 (published 2026-07-01)'))
    assert.ok(en.text.includes('Kinds removed Loan account and 24-month repayment history'), en.text.slice(0, 0))
    assert.ok(
      en.text.includes(
        'public display: was shown publicly for 3 years from the decision, 5 years at most if extended; now shown publicly for 2 years from the decision, 5 years at most if extended',
      ),
    )
    assert.ok(en.text.includes('Data elements removed: Summary of the facts (required)'))
    // the forms: plain GET, one per catalogue, with labelled choices
    assert.match(en.html, /<form method="get" action="\/catalogue#changes"/)
    assert.match(en.html, /<label for="from-lists">/)
    const lists = await page('/catalogue?lang=zh&type=lists&from=2026.2&to=2026.3')
    assert.ok(lists.text.includes('修改的措施'))
    assert.ok(lists.text.includes('最长期限：原为2年，现为1年'), "the measure's term, in words")
    assert.match(lists.html, /<option value="2026.3" selected>/)
    const old = await page('/catalogue?lang=en&type=kinds&from=2026.1&to=2026.2')
    assert.ok(old.text.includes('One of the versions is in the earlier format'))
    assert.ok(old.text.includes('Data elements removed: Deciding authority (required)'))
    const forbidden = await codes()
    for (const [lang, p] of [
      ['en', en],
      ['zh', lists],
      ['en', old],
    ] as const)
      assertNoCodes(p.text, forbidden, lang)
    const missing = await page('/catalogue?lang=en&type=kinds&from=1999.1&to=2026.2')
    assert.ok(missing.text.includes('There is no such version.'))
  })
})
