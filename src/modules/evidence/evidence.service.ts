/**
 * Evidence documents: a subject uploads a document (a receipt, a court ruling, a letter) and cites it
 * by id in an objection or a repair application. Content and name are encrypted at rest; the
 * document's SHA-256 goes into the objection or application with it, so anyone holding the paper can
 * check it is the same. Officers read a document with the look recorded; the subject reads their own.
 * A document no objection or application cites any more is deleted after a week.
 */
import { randomUUID } from 'node:crypto'
import type { Database, Db, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, type Actor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { decrypt, decryptBytes, encrypt, encryptBytes, sha256Hex, type Keys } from '../../platform/crypto.ts'
import { contentMismatch } from './evidence.ts'
import * as repo from './evidence.repository.ts'

export interface EvidenceContext {
  database: Database
  clock: Clock
  keys: Keys
}

/** What a document may be: PDF, images, plain text. */
export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
/** How long an uploaded document waits to be cited before the maintenance pass deletes it. */
const UNCITED_DAYS = 7

export interface StoredDocument {
  documentId: string
  documentName: string
  mediaType: string
  size: number
  sha256: string
  uploadedAt: string
}

/**
 * Stores a document of the subject's. `claimAccountId`: it is identity evidence given with that account's
 * claim to the subject (read only by officers, kept while the claim awaits them).
 */
export async function uploadDocument(
  ctx: EvidenceContext,
  actor: Actor,
  subjectId: string,
  input: { name: string; mediaType: string; content: Buffer; claimAccountId?: string },
): Promise<StoredDocument> {
  if (!(EVIDENCE_MEDIA_TYPES as readonly string[]).includes(input.mediaType))
    throw new AppError('request.unsupported_media_type', `a document is one of ${EVIDENCE_MEDIA_TYPES.join(', ')}`, [
      { pointer: '', detail: 'unsupported content type' },
    ])
  if (input.content.length === 0)
    throw new AppError('evidence.empty', 'the document is empty', [{ pointer: '', detail: 'no content' }])
  // the declared type is a label: the bytes must be what it says (a ZIP labelled PDF is refused), nothing is stored
  const mismatch = contentMismatch(input.mediaType as (typeof EVIDENCE_MEDIA_TYPES)[number], input.content)
  if (mismatch !== undefined)
    throw new AppError('evidence.content_mismatch', `the content is not ${input.mediaType}: ${mismatch}`, [
      { pointer: '', detail: mismatch },
    ])
  const name = input.name.replace(/[\p{Cc}/\\]/gu, '_').slice(0, 200) || 'document'
  const documentId = randomUUID()
  const sha256 = sha256Hex(input.content)
  const now = ctx.clock.now()
  await ctx.database.transaction(async (tx) => {
    await repo.insertDocument(tx, {
      subject_id: subjectId,
      document_id: documentId,
      name_enc: encrypt(ctx.keys.encryption, name),
      media_type: input.mediaType,
      size: input.content.length,
      sha256,
      content_enc: encryptBytes(ctx.keys.encryption, input.content),
      uploaded_at: now,
      claim_account_id: input.claimAccountId ?? null,
    })
    // the name is not in the event: a file name can be a person's name, and events are kept forever
    await appendAuditEvents(tx, now, [
      {
        action: 'evidence.uploaded',
        actor,
        subjectId,
        objectType: 'evidence',
        objectId: documentId,
        payload: {
          documentId,
          sha256,
          size: input.content.length,
          ...(input.claimAccountId === undefined ? {} : { claim: true as const }),
        },
      },
    ])
  })
  return {
    documentId,
    documentName: name,
    mediaType: input.mediaType,
    size: input.content.length,
    sha256,
    uploadedAt: now.toISOString(),
  }
}

/** Evidence as filed: a cited document must be the subject's own, and its name and fingerprint are taken from it. */
export async function resolveEvidence<
  E extends { description: string; documentId?: string; documentName?: string; sha256?: string },
>(db: Db, keys: Keys, subjectId: string, evidence: readonly E[] | undefined): Promise<E[] | undefined> {
  if (!evidence) return undefined
  const ids = [...new Set(evidence.map((e) => e.documentId).filter((id): id is string => id !== undefined))]
  if (ids.length === 0) return [...evidence]
  const rows = await repo.findDocumentNames(db, subjectId, ids)
  const found = new Map(rows.map((r) => [r.document_id, r]))
  return evidence.map((e, i) => {
    if (e.documentId === undefined) return e
    const doc = found.get(e.documentId)
    if (!doc)
      throw new AppError(
        'evidence.unknown_document',
        'no such document of yours: upload it first (POST /v1/me/evidence)',
        [{ pointer: `/evidence/${i}/documentId`, detail: 'unknown document' }],
      )
    return { ...e, sha256: doc.sha256, documentName: decrypt(keys.encryption, doc.name_enc) }
  })
}

/** A document with its content. `actor` reads it as an officer (the look is recorded) or as its subject. */
export async function readDocument(
  ctx: EvidenceContext,
  reader: { actor: Actor; own: boolean },
  subjectId: string,
  documentId: string,
): Promise<StoredDocument & { content: Buffer }> {
  const row = await repo.findDocument(ctx.database.db, subjectId, documentId)
  // a claim's identity document is the officers' to read: not a verified account's of the subject
  if (!row || (reader.own && row.claim_account_id !== null))
    throw new AppError('evidence.not_found', 'no such document', [
      { pointer: '/documentId', detail: 'unknown document' },
    ])
  if (!reader.own) {
    const now = ctx.clock.now()
    await ctx.database.transaction((tx) =>
      appendAuditEvents(tx, now, [
        {
          action: 'evidence.viewed',
          actor: reader.actor,
          subjectId,
          objectType: 'evidence',
          objectId: documentId,
          payload: row.claim_account_id === null ? { documentId } : { documentId, claim: true },
        },
      ]),
    )
  }
  return {
    documentId,
    documentName: decrypt(ctx.keys.encryption, row.name_enc),
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
    content: decryptBytes(ctx.keys.encryption, row.content_enc),
  }
}

/** The documents an account gave with its claim to the subject, oldest first, without their content. */
export async function listClaimDocuments(
  db: Db,
  keys: Keys,
  subjectId: string,
  accountId: string,
): Promise<StoredDocument[]> {
  return (await repo.listClaimDocuments(db, subjectId, accountId)).map((r) => ({
    documentId: r.document_id,
    documentName: decrypt(keys.encryption, r.name_enc),
    mediaType: r.media_type,
    size: r.size,
    sha256: r.sha256,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
  }))
}

/**
 * The maintenance pass's part: documents older than a week that nothing cites. What may cite one is
 * given by the modules that cite documents (objections, repair applications, claims awaiting an officer:
 * `citedBy`).
 */
export async function deleteUncitedDocuments(tx: Tx, now: Date, citedBy: readonly repo.Citation[]): Promise<number> {
  return repo.deleteUncitedDocuments(tx, new Date(now.getTime() - UNCITED_DAYS * 86_400_000), citedBy)
}
