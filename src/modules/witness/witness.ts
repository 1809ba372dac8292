/**
 * What a witness decides on an add-checkpoint request (c2sp.org/tlog-witness), pure: the log must be
 * one it witnesses (404), signed by that log's key (403), the old size must not exceed the new one
 * (400) and must be the size it last cosigned for the log (409, with that size), the consistency proof
 * must take its last root to the new one (422), and a checkpoint of the same size must have the same
 * root (409). Only then does it cosign, and record the new size and root first.
 */
import { openCheckpoint, splitNote, verifyConsistency, type Checkpoint, type Verifier } from '../transparency/index.ts'
import type { AddCheckpointRequest } from '../transparency/index.ts'

/** What the witness keeps per log: the newest checkpoint it cosigned (its note with the cosignature appended). */
export interface WitnessedState {
  size: number
  root: Buffer
  note: string
}

export type Judgement =
  | { status: 200; checkpoint: Checkpoint; text: string }
  | { status: 400 | 403 | 404 | 422; reason: string }
  | { status: 409; knownSize: number; reason: string }

export function judge(
  request: AddCheckpointRequest,
  logs: ReadonlyMap<string, Verifier>,
  stateOf: (origin: string) => WitnessedState | undefined,
): Judgement {
  const parts = splitNote(request.note)
  if (!parts) return { status: 400, reason: 'the checkpoint is not a signed note' }
  const origin = parts.text.slice(0, parts.text.indexOf('\n'))
  const verifier = logs.get(origin)
  if (!verifier) return { status: 404, reason: `this witness does not witness ${origin}` }
  const opened = openCheckpoint(request.note, verifier)
  if (!opened.ok) return { status: 403, reason: opened.reason }
  const checkpoint = opened.value
  if (request.oldSize > checkpoint.size)
    return { status: 400, reason: `old size ${request.oldSize} is larger than the checkpoint's ${checkpoint.size}` }
  const known = stateOf(origin)
  const knownSize = known?.size ?? 0
  if (request.oldSize !== knownSize)
    return { status: 409, knownSize, reason: `the latest checkpoint cosigned for ${origin} has ${knownSize} leaves` }
  if (!known || knownSize === 0) {
    if (request.proof.length > 0) return { status: 422, reason: 'the proof from an empty tree is empty' }
    return { status: 200, checkpoint, text: parts.text }
  }
  if (knownSize === checkpoint.size && !known.root.equals(checkpoint.root)) {
    return { status: 409, knownSize, reason: `a checkpoint of ${knownSize} leaves with another root was cosigned` }
  }
  if (!verifyConsistency(knownSize, checkpoint.size, known.root, checkpoint.root, request.proof)) {
    return { status: 422, reason: `the proof does not take the cosigned tree of ${knownSize} leaves to this one` }
  }
  return { status: 200, checkpoint, text: parts.text }
}
