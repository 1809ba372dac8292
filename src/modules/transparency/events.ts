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

export function canonicalEventBytes(e: LoggedEvent): Buffer {
  return Buffer.from(canonicalJson({
    seq: e.seq,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actor: { type: e.actorType, id: e.actorId },
    action: e.action,
    object: { type: e.objectType, id: e.objectId },
    subjectId: e.subjectId,
    payload: e.payload,
  }), 'utf8')
}

export const eventLeafHash = (e: LoggedEvent): Hash => leafHash(canonicalEventBytes(e))
