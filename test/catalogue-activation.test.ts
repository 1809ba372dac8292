// The record-kind catalogue in force is stored once per version, with its hash over the file as written.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { activateCatalogue, CatalogueError, DICTIONARY_VERSION } from '../src/modules/catalogue/index.ts'
import { canonicalJson, sha256 } from '../src/platform/crypto.ts'
import { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine } from './support/databases.ts'

describeEachEngine('activating the record-kind catalogue', (db) => {
  test('stores a version once with its audit event; a changed file under the same version is refused', async () => {
    const clock = new ManualClock('2026-12-04T01:00:00Z')
    const file = JSON.parse(readFileSync('catalogue/record-kinds.json', 'utf8')) as {
      catalogueVersion: string
      kinds: { elements: { element: string; maxLength?: number }[] }[]
    }
    const active = await activateCatalogue(db(), clock, 'catalogue/record-kinds.json')
    assert.equal(active.version, file.catalogueVersion)
    await activateCatalogue(db(), clock, 'catalogue/record-kinds.json')
    const rows = await sql<{
      content_hash: string
    }>`SELECT content_hash FROM catalogue_versions WHERE catalogue_version = ${file.catalogueVersion}`.execute(db().db)
    assert.equal(rows.rows.length, 1)
    // the hash is over the file as written: the derived field schemas are not part of it
    assert.equal(rows.rows[0]!.content_hash, sha256(canonicalJson(file)).toString('hex'))
    const events = await sql<{
      payload: Record<string, unknown>
    }>`SELECT payload FROM audit_events WHERE action = 'catalogue.loaded'`.execute(db().db)
    assert.equal(events.rows.length, 1, 'loaded once, however often the server starts')
    assert.equal(events.rows[0]!.payload.dictionaryVersion, DICTIONARY_VERSION)

    const summary = file.kinds[1]!.elements.find((e) => e.element === 'summary')!
    summary.maxLength = 200
    const changed = join(mkdtempSync(join(tmpdir(), 'fides-cat-')), 'kinds.json')
    writeFileSync(changed, JSON.stringify(file))
    await assert.rejects(
      activateCatalogue(db(), clock, changed),
      (e: unknown) => e instanceof CatalogueError && e.problems[0]?.code === 'catalogue.version_reused',
    )
  })
})
