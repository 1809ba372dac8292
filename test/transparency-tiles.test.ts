import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import type { App } from '../src/app.ts'
import {
  leafHash,
  logIdentity,
  openCheckpoint,
  parseTilePath,
  parseVerifierKey,
  readEntryBundle,
  sequence,
  signCheckpoint,
  signLatest,
  TileReader,
  tilePath,
  TILES_PREFIX,
  verifierKey,
  verifyInclusion,
  verifyRemote,
  type Checkpoint,
  type LogIdentity,
  type Tile,
} from '../src/modules/transparency/index.ts'
import { appendAuditEvents } from '../src/platform/audit.ts'
import { loadConfig } from '../src/config.ts'
import { describeEachEngine, whenSettled } from './support/databases.ts'
import { recordsContext, testApp } from './support/context.ts'

const SEED = Buffer.alloc(32, 5).toString('base64')
const ORIGIN = 'credit.test/log'

describeEachEngine('the log as C2SP tlog-tiles: a monitor needs the tiles and the key, nothing else', (db) => {
  let app: App
  let ctx: Awaited<ReturnType<typeof recordsContext>>
  let log: LogIdentity
  const checkpoints = new Map<number, Checkpoint>()

  const get = (path: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `${TILES_PREFIX}/${path}`, headers })

  /** Grows the log to exactly `size` leaves and signs it; returns the checkpoint served at <prefix>/checkpoint. */
  async function growTo(size: number): Promise<Checkpoint> {
    await whenSettled(db())
    await sequence(db())
    const now = openCheckpoint(await signLatest(db(), ctx.clock, log), parseVerifierKey(verifierKey(log.key)))
    assert.ok(now.ok && now.value.size <= size)
    const events = Array.from({ length: size - now.value.size }, (_, i) => ({
      action: 'subject.file_viewed' as const,
      actor: { type: 'officer' as const, id: 'monitor-test' },
      subjectId: null,
      objectType: 'subject',
      objectId: `t${now.value.size + i}`,
      payload: { history: false },
    }))
    await db().transaction((tx) => appendAuditEvents(tx, ctx.clock.now(), events))
    await whenSettled(db())
    await sequence(db())
    await signLatest(db(), ctx.clock, log)
    const res = await get('checkpoint')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8')
    const opened = openCheckpoint(res.rawPayload, parseVerifierKey(verifierKey(log.key)))
    assert.ok(opened.ok, res.body)
    assert.equal(opened.value.size, size)
    checkpoints.set(size, opened.value)
    return opened.value
  }

  /** What a monitor does: tiles for the checkpoint's size only, each checked for length by the reader. */
  const readerFor = (size: number) =>
    new TileReader(size, async (tile) => {
      const res = await get(tilePath(tile))
      assert.equal(res.statusCode, 200, `${tilePath(tile)}: ${res.body}`)
      return res.rawPayload
    })

  before(async () => {
    ctx = await recordsContext(db())
    app = await testApp(ctx, { FIDES_LOG_KEY: SEED, FIDES_LOG_ORIGIN: ORIGIN })
    log = logIdentity(
      (await loadConfig({ FIDES_DATA_DIR: ':memory:', FIDES_LOG_KEY: SEED, FIDES_LOG_ORIGIN: ORIGIN })).log,
    )
  })

  test("at 255, 256, 257 and 513 leaves the tiles give the checkpoint's root and inclusion proofs, and the bundles the leaves", async () => {
    for (const size of [255, 256, 257, 513]) {
      const checkpoint = await growTo(size)
      const reader = readerFor(size)
      assert.deepEqual(await reader.root(), checkpoint.root, `root at ${size}`)
      for (const index of [0, 1, 127, 254, 255, 256, 511, 512].filter((i) => i < size)) {
        const { leafHash: leaf, proof } = await reader.inclusionProof(index)
        assert.ok(verifyInclusion(index, size, leaf, proof, checkpoint.root), `leaf ${index} of ${size}`)
      }
      // every entry bundle: each entry hashes to its leaf in the level-0 tile, and is the event's canonical JSON
      for (let index = 0; index * 256 < size; index++) {
        const width = Math.min(256, size - index * 256)
        const res = await get(tilePath({ level: 'entries', index, width }))
        assert.equal(res.statusCode, 200, res.body)
        const entries = readEntryBundle(res.rawPayload)
        assert.equal(entries.length, width)
        for (const [i, entry] of entries.entries()) {
          assert.deepEqual(
            leafHash(entry),
            await reader.nodeHash({ level: 0, index: index * 256 + i }),
            `entry ${index * 256 + i}`,
          )
          assert.equal(typeof (JSON.parse(entry.toString('utf8')) as { seq: number }).seq, 'number')
        }
      }
    }
    // a tree signed before: its partial tiles are still served, and still give its root
    for (const [size, checkpoint] of checkpoints)
      assert.deepEqual(await readerFor(size).root(), checkpoint.root, `the older tree of ${size}`)
  })

  test('full tiles are cached for good, partial ones briefly; binary content; bundles gzip on request', async () => {
    const full = await get('tile/0/000')
    assert.equal(full.statusCode, 200)
    assert.equal(full.headers['content-type'], 'application/octet-stream')
    assert.equal(full.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(full.rawPayload.length, 256 * 32)
    const partial = await get('tile/0/002.p/1')
    assert.equal(partial.statusCode, 200)
    assert.equal(partial.headers['cache-control'], 'public, max-age=60')
    assert.equal(partial.rawPayload.length, 32)
    // a narrower partial tile is a prefix of the wider one
    assert.deepEqual((await get('tile/0/000.p/10')).rawPayload, full.rawPayload.subarray(0, 320))
    const plain = await get('tile/entries/000')
    const zipped = await get('tile/entries/000', { 'accept-encoding': 'gzip, identity' })
    assert.equal(zipped.headers['content-encoding'], 'gzip')
    assert.equal(plain.headers['content-encoding'], undefined)
    assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload)
    assert.ok(
      zipped.rawPayload.length < plain.rawPayload.length / 2,
      `${zipped.rawPayload.length} of ${plain.rawPayload.length} bytes`,
    )
  })

  test('tiles beyond the signed tree, and paths that are no tile, are not found', async () => {
    const size = [...checkpoints.keys()].at(-1)!
    assert.equal(size, 513)
    const beyond: Tile[] = [
      { level: 0, index: 2, width: 256 },
      { level: 0, index: 2, width: 2 },
      { level: 0, index: 3, width: 1 },
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 0, width: 3 },
      { level: 2, index: 0, width: 1 },
      { level: 'entries', index: 2, width: 2 },
      { level: 'entries', index: 2, width: 256 },
    ]
    for (const tile of beyond) {
      const res = await get(tilePath(tile))
      assert.equal(res.statusCode, 404, tilePath(tile))
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.equal((JSON.parse(res.body) as { code: string }).code, 'log.tile_not_found')
    }
    // the log has grown past the checkpoint: still nothing beyond what is signed
    await db().transaction((tx) =>
      appendAuditEvents(tx, ctx.clock.now(), [
        {
          action: 'subject.file_viewed',
          actor: { type: 'officer', id: 'monitor-test' },
          subjectId: null,
          objectType: 'subject',
          objectId: 'unsigned',
          payload: { history: false },
        },
      ]),
    )
    await whenSettled(db())
    await sequence(db())
    assert.equal((await get('tile/0/002.p/2')).statusCode, 404)
    for (const path of [
      'tile/0/x000/001',
      'tile/0/1',
      'tile/0/000.p/256',
      'tile/64/000',
      'tile/entries',
      'tile/0/000.p/0',
    ]) {
      assert.equal(parseTilePath(path), null)
      const res = await get(path)
      assert.equal(res.statusCode, 404, path)
      assert.equal((JSON.parse(res.body) as { code: string }).code, 'log.tile_not_found', path)
    }
  })

  test('fides log verify --remote reads the tiles: a checkpoint whose root the tiles do not give is caught', async () => {
    const verifier = parseVerifierKey(verifierKey(log.key))
    const real = checkpoints.get(513)!
    let note = real
    const server = createServer((req, res) => {
      if (req.url === `${TILES_PREFIX}/checkpoint`) return res.end(signCheckpoint(note, log.key))
      void app.inject({ method: 'GET', url: req.url! }).then((r) => res.writeHead(r.statusCode).end(r.rawPayload))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const honest = await verifyRemote(base, verifier, null)
      assert.ok(honest.ok && honest.checkpoint.size === 513, JSON.stringify(honest))
      const from255 = await verifyRemote(base, verifier, signCheckpoint(checkpoints.get(255)!, log.key))
      assert.ok(from255.ok && from255.from === 255, JSON.stringify(from255))
      // now it signs, with the log's own key, a root its tiles do not add up to
      note = { ...real, root: leafHash(Buffer.from('another history')) }
      const caught = await verifyRemote(base, verifier, null)
      assert.ok(!caught.ok && /tiles do not give the root/.test(caught.reason), JSON.stringify(caught))
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  after(() => app.close())
})
