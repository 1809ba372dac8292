/**
 * What an outside auditor runs against a Fides instance: fetch its newest checkpoint, check the
 * signature with a key pinned in advance, and check that the log it signs now extends the one it
 * signed before (a consistency proof from the saved checkpoint). A log that rewrote or dropped
 * anything it had signed cannot pass. Needs nothing but the public API.
 */
import { openCheckpoint, type Checkpoint, type Verifier } from './checkpoint.ts'
import { verifyConsistency } from './merkle.ts'

export type RemoteVerification =
  | { ok: true; checkpoint: Checkpoint; note: string; from: number | null }
  | { ok: false; reason: string }

async function fetchText(url: URL): Promise<string> {
  const res = await fetch(url, { headers: { accept: 'text/plain, application/json' } })
  const body = await res.text()
  if (!res.ok) throw new Error(`${url.pathname} answered ${res.status}: ${body.slice(0, 200)}`)
  return body
}

/** Checks the instance at `base` against `since` (a signed checkpoint saved earlier), or just its signature on first contact. */
export async function verifyRemote(base: string, verifier: Verifier, since: string | null): Promise<RemoteVerification> {
  let sinceCheckpoint: Checkpoint | null = null
  if (since !== null) {
    const opened = openCheckpoint(since, verifier)
    if (!opened.ok) return { ok: false, reason: `the saved checkpoint does not verify with this key: ${opened.reason}` }
    sinceCheckpoint = opened.value
  }
  let note: string
  try {
    note = await fetchText(new URL('/v1/log/checkpoint', base))
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
  const opened = openCheckpoint(note, verifier)
  if (!opened.ok) return { ok: false, reason: `the instance's checkpoint does not verify: ${opened.reason}` }
  const now = opened.value
  if (!sinceCheckpoint) return { ok: true, checkpoint: now, note, from: null }
  if (now.origin !== sinceCheckpoint.origin) return { ok: false, reason: `the instance signs as ${now.origin}, the saved checkpoint is of ${sinceCheckpoint.origin}` }
  if (now.size < sinceCheckpoint.size) return { ok: false, reason: `the log shrank: ${sinceCheckpoint.size} leaves were signed, now ${now.size}` }
  const url = new URL('/v1/log/proof/consistency', base)
  url.searchParams.set('from', String(sinceCheckpoint.size))
  url.searchParams.set('to', String(now.size))
  let proof: Buffer[]
  try {
    proof = (JSON.parse(await fetchText(url)) as { proof: string[] }).proof.map((p) => Buffer.from(p, 'base64'))
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
  if (!verifyConsistency(sinceCheckpoint.size, now.size, sinceCheckpoint.root, now.root, proof)) {
    return { ok: false, reason: `the log of ${now.size} leaves is not an extension of the one of ${sinceCheckpoint.size} leaves signed before: history was rewritten` }
  }
  return { ok: true, checkpoint: now, note, from: sinceCheckpoint.size }
}
