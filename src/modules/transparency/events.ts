/**
 * What a leaf of the transparency log commits to: an audit event's canonical bytes, defined here and
 * nowhere else. Sorted-key JSON of the stored event — its sequence number, time, actor, action,
 * object, pseudonymous subject id and payload. Audit events never carry a personal identifier (an
 * event about a person names only its derived subject id), so neither do leaves.
 */
import { canonicalJson } from '../../platform/crypto.ts'
import { leafHash, type Hash } from './merkle.ts'

export interface LoggedEvent {
  seq: number
  occurredAt: Date | string
  actorType: string
  actorId: string
  action: string
  subjectId: string | null
  objectType: string
  objectId: string
  payload: unknown
}

/**
 * Sorted-key JSON of the event: exactly `canonicalJson` of { action, actor: { id, type }, object:
 * { id, type }, occurredAt, payload, seq, subjectId } (a test holds the two equal), written out in that
 * key order directly, because the log builds it for every event it appends or verifies.
 */
export function canonicalEventBytes(e: LoggedEvent): Buffer {
  const s = JSON.stringify
  return Buffer.from(
    `{"action":${s(e.action)},"actor":{"id":${s(e.actorId)},"type":${s(e.actorType)}},"object":{"id":${s(e.objectId)},"type":${s(e.objectType)}},` +
      `"occurredAt":${s(new Date(e.occurredAt).toISOString())},"payload":${canonicalJson(e.payload)},"seq":${s(e.seq)},"subjectId":${s(e.subjectId)}}`,
    'utf8',
  )
}

/** The same bytes from the generic canonical JSON: the definition the fast path above must match. */
export function canonicalEventBytesByDefinition(e: LoggedEvent): Buffer {
  return Buffer.from(
    canonicalJson({
      seq: e.seq,
      occurredAt: new Date(e.occurredAt).toISOString(),
      actor: { type: e.actorType, id: e.actorId },
      action: e.action,
      object: { type: e.objectType, id: e.objectId },
      subjectId: e.subjectId,
      payload: e.payload,
    }),
    'utf8',
  )
}

export const eventLeafHash = (e: LoggedEvent): Hash => leafHash(canonicalEventBytes(e))
