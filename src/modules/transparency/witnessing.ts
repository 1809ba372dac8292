/**
 * Submitting the log's newest checkpoint to its witnesses (c2sp.org/tlog-witness) and keeping their
 * cosignatures. Each witness is asked with the size it last cosigned ("old <size>") and a consistency
 * proof from there; a 409 tells that size, and the request is made once more from it. A witness that
 * has cosigned more leaves than the log holds has seen a log this one is not an extension of: that is
 * reported, never papered over. Failures are returned, for the caller to log; the next tick retries.
 */
import type { Database } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import { addCheckpointRequest, findCosignature, splitNote, type CosignatureVerifier } from './cosignature.ts'
import { consistencyProof } from './transparency.service.ts'
import * as repo from './transparency.repository.ts'

export interface WitnessEndpoint {
  /** the witness's submission prefix, e.g. https://witness.example/ */
  url: string
  verifier: CosignatureVerifier
}

export type Submission =
  | { witness: string; ok: true; size: number }
  | { witness: string; ok: false; status: number | null; reason: string }

const REQUEST_TIMEOUT_MS = 10_000

/** The size each witness last cosigned, per database (so that a 409 is the exception) */
const knownSizes = new WeakMap<Database, Map<string, number>>()

async function post(url: string, body: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(new URL('add-checkpoint', url.endsWith('/') ? url : url + '/'), {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

async function submitOne(
  database: Database,
  clock: Clock,
  witness: WitnessEndpoint,
  latest: repo.StoredCheckpoint,
): Promise<Submission> {
  const name = witness.verifier.name
  const sizes = knownSizes.get(database) ?? new Map<string, number>()
  knownSizes.set(database, sizes)
  let oldSize = sizes.get(name) ?? (await repo.findLatestCosignedSize(database.db, name)) ?? 0
  const text = splitNote(latest.note)!.text
  for (let attempt = 0; attempt < 2; attempt++) {
    if (oldSize > latest.size) {
      return {
        witness: name,
        ok: false,
        status: 409,
        reason: `the witness has cosigned a log of ${oldSize} leaves; this one holds ${latest.size}: the log was rolled back or rewritten`,
      }
    }
    const proof = oldSize === 0 || oldSize === latest.size ? [] : await consistencyProof(database, oldSize, latest.size)
    let answer
    try {
      answer = await post(witness.url, addCheckpointRequest(oldSize, proof, latest.note))
    } catch (error) {
      return {
        witness: name,
        ok: false,
        status: null,
        reason: `cannot reach ${witness.url}: ${(error as Error).message}`,
      }
    }
    if (answer.status === 409 && /^(0|[1-9][0-9]*)\n$/.test(answer.text)) {
      const known = Number(answer.text.trim())
      sizes.set(name, known)
      if (known === oldSize)
        return {
          witness: name,
          ok: false,
          status: 409,
          reason: `the witness refuses a checkpoint of ${latest.size} leaves: it cosigned another root at ${known}`,
        }
      oldSize = known
      continue
    }
    if (answer.status !== 200)
      return {
        witness: name,
        ok: false,
        status: answer.status,
        reason: `answered ${answer.status}: ${answer.text.trim().slice(0, 200)}`,
      }
    const cosignature = findCosignature(text, answer.text.split('\n'), witness.verifier)
    if (!cosignature)
      return { witness: name, ok: false, status: 200, reason: 'answered without a valid cosignature by its key' }
    await repo.insertCosignature(database.db, {
      size: latest.size,
      witness: name,
      line: cosignature.line,
      cosignedAt: clock.now(),
    })
    sizes.set(name, latest.size)
    return { witness: name, ok: true, size: latest.size }
  }
  return { witness: name, ok: false, status: 409, reason: 'the witness keeps changing its size' }
}

/** Submits the newest checkpoint to every witness that has not cosigned it yet, all at once. */
export async function submitToWitnesses(
  database: Database,
  clock: Clock,
  witnesses: readonly WitnessEndpoint[],
): Promise<Submission[]> {
  if (witnesses.length === 0) return []
  const latest = await repo.findLatestCheckpoint(database.db)
  if (!latest) return []
  const done = new Set((await repo.listCosignatures(database.db, latest.size)).map((c) => c.witness))
  return Promise.all(
    witnesses.map((w) =>
      done.has(w.verifier.name)
        ? { witness: w.verifier.name, ok: true as const, size: latest.size }
        : submitOne(database, clock, w, latest),
    ),
  )
}

/** The newest checkpoint as served: the log's note with every stored cosignature line appended. */
export async function cosignedCheckpoint(
  database: Database,
): Promise<(repo.StoredCheckpoint & { cosigned: string }) | undefined> {
  const latest = await repo.findLatestCheckpoint(database.db)
  if (!latest) return undefined
  const lines = await repo.listCosignatures(database.db, latest.size)
  return { ...latest, cosigned: latest.note + lines.map((l) => l.line).join('') }
}
