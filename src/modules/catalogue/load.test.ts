import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CatalogueError, loadCatalogue } from './load.ts'
import { EXAMPLES_DIR } from './catalogue.fixtures.ts'

void describe('loadCatalogue', () => {
  void it('loads the default catalogue', async () => {
    const c = await loadCatalogue()
    assert.equal(c.catalogueVersion, '2026.2')
    assert.ok(c.kinds.length >= 17)
  })

  void it('refuses an invalid catalogue, listing every problem', async () => {
    await assert.rejects(loadCatalogue(join(EXAMPLES_DIR, 'eternal-retention.json')), (e: unknown) => {
      assert.ok(e instanceof CatalogueError)
      assert.deepEqual(
        e.problems.map((p) => p.code),
        ['catalogue.retention_not_finite', 'catalogue.retention_too_long'],
      )
      assert.match(e.message, /2 problems/)
      assert.match(e.message, /catalogue\.retention_not_finite at \/kinds\/0\/retention\/period: .*forever/)
      assert.match(e.message, /catalogue\.retention_too_long at \/kinds\/1\/retention\/period: .*P99Y/)
      return true
    })
    await assert.rejects(
      loadCatalogue(join(EXAMPLES_DIR, 'forbidden-religion.json')),
      /religiousAffiliation" is not an element of the data-element dictionary/,
    )
  })

  void it('refuses a file that is not JSON or cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fides-catalogue-'))
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{ "catalogueVersion": ')
    await assert.rejects(
      loadCatalogue(file),
      (e: unknown) => e instanceof CatalogueError && e.problems[0]?.code === 'catalogue.invalid_json',
    )
    await assert.rejects(
      loadCatalogue(join(dir, 'missing.json')),
      (e: unknown) => e instanceof CatalogueError && e.problems[0]?.code === 'catalogue.unreadable',
    )
  })
})
