/**
 * What an outside auditor runs against a Fides instance: fetch its newest checkpoint, check the
 * signature with a key pinned in advance, and check that the log it signs now extends the one it
 * signed before (a consistency proof from the saved checkpoint). A log that rewrote or dropped
 * anything it had signed cannot pass. Needs nothing but the log's tiles (c2sp.org/tlog-tiles).
 */
import { openCheckpoint, type Checkpoint, type Verifier } from './checkpoint.ts'
import { cosignaturesOf, type CosignatureVerifier } from './cosignature.ts'
import { consistencyRanges, verifyConsistency } from './merkle.ts'
import { tilePath, TileReader, TILES_PREFIX } from './tiles.ts'

export type RemoteVerification =
  | { ok: true; checkpoint: Checkpoint; note: string; from: number | null; cosignedBy: string[] }
  | { ok: false; reason: string }

async function fetchBytes(url: URL): Promise<Buffer> {
  const res = await fetch(url, { headers: { accept: 'text/plain, application/octet-stream' } })
  const body = Buffer.from(await res.arrayBuffer())
  if (!res.ok) throw new Error(`${url.pathname} answered ${res.status}: ${body.subarray(0, 200).toString('utf8')}`)
  return body
}

/** At least `threshold` of `verifiers` must have cosigned the checkpoint (c2sp.org/tlog-cosignature). */
export interface WitnessPolicy {
  verifiers: readonly CosignatureVerifier[]
  threshold: number
}

/**
 * Checks the instance at `base` against `since` (a signed checkpoint saved earlier), or just its
 * signature on first contact. It reads the log as any tlog-tiles client does (c2sp.org/tlog-tiles, at
 * TILES_PREFIX): the checkpoint, then the tiles of its tree, which must give the root it signs; the
 * consistency proof from the saved tree is computed from those same tiles. With `witnesses`, the
 * checkpoint must also carry valid cosignatures of at least `threshold` of them, so that the instance
 * cannot show this auditor a log the witnesses have not seen.
 */
export async function verifyRemote(
  base: string,
  verifier: Verifier,
  since: string | null,
  witnesses: WitnessPolicy = { verifiers: [], threshold: 0 },
): Promise<RemoteVerification> {
  let sinceCheckpoint: Checkpoint | null = null
  if (since !== null) {
    const opened = openCheckpoint(since, verifier)
    if (!opened.ok) return { ok: false, reason: `the saved checkpoint does not verify with this key: ${opened.reason}` }
    sinceCheckpoint = opened.value
  }
  try {
    const bytes = await fetchBytes(new URL(`${TILES_PREFIX}/checkpoint`, base))
    const opened = openCheckpoint(bytes, verifier)
    if (!opened.ok) return { ok: false, reason: `the instance's checkpoint does not verify: ${opened.reason}` }
    const now = opened.value
    const note = bytes.toString('utf8')
    const cosignedBy = cosignaturesOf(note, witnesses.verifiers).map((c) => c.witness)
    if (cosignedBy.length < witnesses.threshold) {
      const by = cosignedBy.length === 0 ? 'none of them' : cosignedBy.join(', ')
      return {
        ok: false,
        reason: `the checkpoint of ${now.size} leaves is cosigned by ${cosignedBy.length} of the ${witnesses.verifiers.length} witnesses given (${by}); ${witnesses.threshold} required`,
      }
    }
    const tiles = new TileReader(now.size, (tile) => fetchBytes(new URL(`${TILES_PREFIX}/${tilePath(tile)}`, base)))
    if (!(await tiles.root()).equals(now.root))
      return {
        ok: false,
        reason: `the instance's tiles do not give the root its checkpoint of ${now.size} leaves signs`,
      }
    if (!sinceCheckpoint) return { ok: true, checkpoint: now, note, from: null, cosignedBy }
    if (now.origin !== sinceCheckpoint.origin)
      return {
        ok: false,
        reason: `the instance signs as ${now.origin}, the saved checkpoint is of ${sinceCheckpoint.origin}`,
      }
    if (now.size < sinceCheckpoint.size)
      return { ok: false, reason: `the log shrank: ${sinceCheckpoint.size} leaves were signed, now ${now.size}` }
    const proof = await Promise.all(
      consistencyRanges(sinceCheckpoint.size, now.size).map((range) => tiles.rangeHash(range)),
    )
    if (!verifyConsistency(sinceCheckpoint.size, now.size, sinceCheckpoint.root, now.root, proof)) {
      return {
        ok: false,
        reason: `the log of ${now.size} leaves is not an extension of the one of ${sinceCheckpoint.size} leaves signed before: history was rewritten`,
      }
    }
    return { ok: true, checkpoint: now, note, from: sinceCheckpoint.size, cosignedBy }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}
