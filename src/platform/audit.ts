/**
 * The audit trail. Every state change appends its events through `appendAuditEvents`, inside the
 * transaction that makes the change, so a change without its event cannot commit. Events carry the
 * pseudonymous subject id, never a personal identifier. The table is append-only (a trigger refuses
 * UPDATE and DELETE); the transparency log is fed from it.
 */
import type { Tx } from '../db/database.ts'
import { copyTextRow } from './parsers/index.ts'

export type ActorType = 'source' | 'officer' | 'relying_party' | 'system' | 'operator'

export interface Actor {
  type: ActorType
  /** a source's name, an officer key's id, or 'fides' for the system */
  id: string
}

export const systemActor: Actor = { type: 'system', id: 'fides' }

/** What each action records besides its subject and object. */
export interface AuditPayloads {
  'record.accepted': { kind: string; version: number; sourceRecordId: string; contentHash: string; catalogueVersion: string; identifierCheckFailed: boolean }
  'record.versioned': { kind: string; version: number; sourceRecordId: string; contentHash: string; catalogueVersion: string; identifierCheckFailed: boolean }
  'subject.registered': { subjectType: string; identifierCheckFailed: boolean }
  'subject.file_viewed': { history: boolean }
  /** a relying party's look at a subject's restricted data: always shown to the subject */
  'inquiry.made': { relyingParty: string; relyingPartyName: string; purpose: string; consentId: string | null; categories: string[] }
  'relying_party.added': { name: string; partyType: string; purposes: string[] }
  'consent.granted': { consentId: string; relyingParty: string; purpose: string; expiresAt: string; evidence: string }
  'consent.revoked': { consentId: string; relyingParty: string; purpose: string }
  'source.added': { name: string; agencyType: string; isGovernment: boolean; allowedKinds: string[] }
  'api_key.issued': { role: string; label: string; sourceName: string | null }
  'catalogue.loaded': { catalogueVersion: string; contentHash: string; kinds: number }
}

export type AuditAction = keyof AuditPayloads

export type AuditEvent = {
  [A in AuditAction]: {
    action: A
    actor: Actor
    subjectId: string | null
    objectType: string
    objectId: string
    payload: AuditPayloads[A]
  }
}[AuditAction]

const columns = ['occurred_at', 'actor_type', 'actor_id', 'action', 'subject_id', 'object_type', 'object_id', 'payload'] as const

/** Appends events in order, in the caller's transaction. */
export async function appendAuditEvents(tx: Tx, at: Date, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return
  const when = at.toISOString()
  await tx.copyFrom('audit_events', columns, events.map((e) => copyTextRow([
    when, e.actor.type, e.actor.id, e.action, e.subjectId, e.objectType, e.objectId, JSON.stringify(e.payload),
  ])))
}
