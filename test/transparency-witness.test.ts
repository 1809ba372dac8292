import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { App } from '../src/app.ts'
import {
  addCheckpointRequest,
  cosignaturesOf,
  cosignerKeyFromSeed,
  cosignerVerifierKey,
  leafHash,
  logIdentity,
  parseCosignerVerifierKey,
  parseVerifierKey,
  signCheckpoint,
  signingKeyFromSeed,
  startLogWorker,
  verifierKey,
  verifyRemote,
  type LogIdentity,
  type LogWorker,
  type WitnessEndpoint,
} from '../src/modules/transparency/index.ts'
import { openWitnessStore, startWitnessServer, type WitnessServer } from '../src/modules/witness/index.ts'
import { appendAuditEvent } from '../src/platform/audit.ts'
import type { ManualClock } from '../src/platform/clock.ts'
import { describeEachEngine, whenSettled } from './support/databases.ts'
import { recordsContext, testApp } from './support/context.ts'

const origin = 'witnessed.test/log'
const seed = Buffer.alloc(32, 5)
const witnessKeys = [
  cosignerKeyFromSeed('w1.test', Buffer.alloc(32, 1)),
  cosignerKeyFromSeed('w2.test', Buffer.alloc(32, 2)),
]
const witnessVerifiers = witnessKeys.map((k) => parseCosignerVerifierKey(cosignerVerifierKey(k)))

function fides(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', ...args], {
      env: { ...process.env, FIDES_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      err += d
    })
    child.on('exit', (code) => resolve({ code, out, err }))
  })
}

describeEachEngine(
  'two witnesses on loopback cosign the log; a rewritten log is refused; --remote counts cosignatures',
  (db) => {
    let dir: string
    let ctx: Awaited<ReturnType<typeof recordsContext>> & { clock: ManualClock }
    let app: App
    let base: string
    let log: LogIdentity
    const witnesses: (WitnessServer | null)[] = [null, null]
    let endpoints: WitnessEndpoint[]
    let worker: LogWorker
    const errors: string[] = []
    let events = 0

    const startWitness = async (i: number, port = 0) => {
      const key = witnessKeys[i]!
      witnesses[i] = await startWitnessServer({
        key,
        logs: new Map([[origin, parseVerifierKey(verifierKey(log.key))]]),
        store: await openWitnessStore(join(dir, `w${i + 1}`)),
        host: '127.0.0.1',
        port,
        now: () => Math.floor(ctx.clock.now().getTime() / 1000),
      })
      return witnesses[i]!
    }
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++)
        await appendAuditEvent(db().db, ctx.clock.now(), {
          action: 'subject.file_viewed',
          actor: { type: 'officer', id: `k${events}` },
          subjectId: null,
          objectType: 'subject',
          objectId: `o${events++}`,
          payload: { history: false },
        })
      await whenSettled(db())
      await worker.tick()
    }
    const served = async () => (await fetch(new URL('/v1/log/checkpoint', base))).text()

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fides-witness-'))
      ctx = await recordsContext(db())
      log = logIdentity({ origin, signingSeed: seed })
      app = await testApp(ctx, { FIDES_LOG_KEY: seed.toString('base64'), FIDES_LOG_ORIGIN: origin })
      await app.listen({ host: '127.0.0.1', port: 0 })
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      await startWitness(0)
      await startWitness(1)
      endpoints = witnesses.map((w, i) => ({ url: w!.url, verifier: witnessVerifiers[i]! }))
      worker = startLogWorker(db(), ctx.clock, log, {
        intervalMs: 3_600_000,
        witnesses: endpoints,
        checkpointFile: join(dir, 'checkpoints.jsonl'),
        onError: (e) => errors.push((e as Error).message),
      })
    })
    after(async () => {
      await worker.stop()
      await app.close()
      for (const w of witnesses) await w?.close()
      await rm(dir, { recursive: true, force: true })
    })

    test('both witnesses cosign each new checkpoint; the checkpoint route serves the note with both cosignature lines', async () => {
      await grow(3)
      await grow(2)
      assert.deepEqual(errors, [])
      const note = await served()
      assert.deepEqual(
        cosignaturesOf(note, witnessVerifiers).map((c) => c.witness),
        ['w1.test', 'w2.test'],
      )
      assert.match(note, new RegExp(`^${origin.replace('.', '\\.')}\\n\\d+\\n`))
      // each witness serves the newest checkpoint it cosigned, for whoever compares
      const kept = await (await fetch(`${witnesses[0]!.url}/checkpoint?origin=${encodeURIComponent(origin)}`)).text()
      assert.equal(kept.split('\n\n')[0], note.split('\n\n')[0])
      const verified = await verifyRemote(base, parseVerifierKey(verifierKey(log.key)), null, {
        verifiers: witnessVerifiers,
        threshold: 2,
      })
      assert.ok(verified.ok, !verified.ok ? verified.reason : '')
    })

    test('fides log verify --remote with k=2 of n=2 witness keys passes', async () => {
      const r = await fides(
        'log',
        'verify',
        '--remote',
        base,
        '--key',
        verifierKey(log.key),
        '--since',
        join(dir, 'saved'),
        ...witnessVerifiers.flatMap((_, i) => ['--witness', cosignerVerifierKey(witnessKeys[i]!)]),
        '--threshold',
        '2',
      )
      assert.equal(r.code, 0, r.out + r.err)
      assert.match(r.out, /cosigned by 2 of 2 witnesses \(w1\.test, w2\.test\); 2 required/)
    })

    test("a rewritten log is refused: 409 with the size cosigned, 422 for a proof that does not hold, 404 for an unknown log, 403 for a key not the log's", async () => {
      const size = Number((await served()).split('\n')[1])
      const forged = signCheckpoint({ origin, size: size + 2, root: leafHash(Buffer.from('another history')) }, log.key)
      for (const w of witnesses) {
        const conflict = await fetch(`${w!.url}/add-checkpoint`, {
          method: 'POST',
          body: addCheckpointRequest(0, [], forged),
        })
        assert.equal(conflict.status, 409)
        assert.equal(conflict.headers.get('content-type'), 'text/x.tlog.size')
        assert.equal(await conflict.text(), `${size}\n`)
        const badProof = await fetch(`${w!.url}/add-checkpoint`, {
          method: 'POST',
          body: addCheckpointRequest(size, [leafHash(Buffer.from('p'))], forged),
        })
        assert.equal(badProof.status, 422)
        const sameSize = signCheckpoint({ origin, size, root: leafHash(Buffer.from('another history')) }, log.key)
        assert.equal(
          (await fetch(`${w!.url}/add-checkpoint`, { method: 'POST', body: addCheckpointRequest(size, [], sameSize) }))
            .status,
          409,
        )
        const otherLog = signCheckpoint(
          { origin: 'other.test/log', size: 1, root: leafHash(Buffer.from('x')) },
          signingKeyFromSeed('other.test/log', seed),
        )
        assert.equal(
          (await fetch(`${w!.url}/add-checkpoint`, { method: 'POST', body: addCheckpointRequest(0, [], otherLog) }))
            .status,
          404,
        )
        const impostor = signCheckpoint(
          { origin, size: size + 2, root: leafHash(Buffer.from('x')) },
          signingKeyFromSeed(origin, Buffer.alloc(32, 6)),
        )
        assert.equal(
          (await fetch(`${w!.url}/add-checkpoint`, { method: 'POST', body: addCheckpointRequest(size, [], impostor) }))
            .status,
          403,
        )
      }
      // and still at the log's own checkpoint
      const kept = await (await fetch(`${witnesses[1]!.url}/checkpoint?origin=${encodeURIComponent(origin)}`)).text()
      assert.equal(Number(kept.split('\n')[1]), size)
    })

    test('with one witness down the log goes on, k=2 fails and k=1 passes; once it is back the next tick catches it up', async () => {
      const port = Number(new URL(witnesses[1]!.url).port)
      await witnesses[1]!.close()
      witnesses[1] = null
      await grow(2)
      assert.ok(
        errors.some((e) => e.startsWith('witness w2.test: cannot reach')),
        errors.join('\n'),
      )
      const note = await served()
      assert.deepEqual(
        cosignaturesOf(note, witnessVerifiers).map((c) => c.witness),
        ['w1.test'],
      )
      const strict = await verifyRemote(base, parseVerifierKey(verifierKey(log.key)), null, {
        verifiers: witnessVerifiers,
        threshold: 2,
      })
      assert.equal(strict.ok, false)
      assert.match(!strict.ok ? strict.reason : '', /cosigned by 1 of the 2 witnesses given \(w1\.test\); 2 required/)
      const r = await fides(
        'log',
        'verify',
        '--remote',
        base,
        '--key',
        verifierKey(log.key),
        '--since',
        join(dir, 'saved'),
        '--witness',
        cosignerVerifierKey(witnessKeys[0]!),
        '--witness',
        cosignerVerifierKey(witnessKeys[1]!),
        '--threshold',
        '2',
      )
      assert.equal(r.code, 1)
      assert.match(r.out, /the log does NOT verify: .*2 required/)
      assert.ok(
        (
          await verifyRemote(base, parseVerifierKey(verifierKey(log.key)), null, {
            verifiers: witnessVerifiers,
            threshold: 1,
          })
        ).ok,
      )

      // back, with the state it kept (a witness that forgot would take "old 0" again): the next tick proves the
      // log grew from what it last cosigned
      await startWitness(1, port)
      const again = await fetch(`${witnesses[1]!.url}/add-checkpoint`, {
        method: 'POST',
        body: addCheckpointRequest(0, [], note.split('\u2014 w1.test')[0]!),
      })
      assert.equal(again.status, 409)
      assert.ok(Number(await again.text()) > 0)
      await worker.tick()
      assert.deepEqual(
        cosignaturesOf(await served(), witnessVerifiers).map((c) => c.witness),
        ['w1.test', 'w2.test'],
      )
    })
  },
)
