/** All SQL on evidence_documents: the one table this module owns. */
import { sql, type Insertable, type RawBuilder } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { EvidenceDocumentsTable } from '../../db/schema.ts'

export async function insertDocument(tx: Tx, row: Insertable<EvidenceDocumentsTable>): Promise<void> {
  await tx.db.insertInto('evidence_documents').values(row).execute()
}

/** The subject's documents among `ids` (not those given with a claim): their fingerprints and encrypted names. */
export function findDocumentNames(db: Db, subjectId: string, ids: readonly string[]) {
  return db
    .selectFrom('evidence_documents')
    .select(['document_id', 'sha256', 'name_enc'])
    .where('subject_id', '=', subjectId)
    .where('document_id', 'in', ids)
    .where('claim_account_id', 'is', null)
    .execute()
}

/** The documents an account gave with its claim to the subject, oldest first (without their content). */
export function listClaimDocuments(db: Db, subjectId: string, accountId: string) {
  return db
    .selectFrom('evidence_documents')
    .select(['document_id', 'name_enc', 'media_type', 'size', 'sha256', 'uploaded_at'])
    .where('subject_id', '=', subjectId)
    .where('claim_account_id', '=', accountId)
    .orderBy('uploaded_at')
    .orderBy('document_id')
    .execute()
}

export function findDocument(db: Db, subjectId: string, documentId: string) {
  return db
    .selectFrom('evidence_documents')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('document_id', '=', documentId)
    .executeTakeFirst()
}

/**
 * A condition that is true when the document (its subject's id and its id as text, SQL expressions)
 * is cited: each module that cites documents exports one for its own table.
 */
export type Citation = (document: {
  subjectId: RawBuilder<unknown>
  documentId: RawBuilder<unknown>
  /** the account whose claim it was given with, or NULL */
  claimAccountId: RawBuilder<unknown>
}) => RawBuilder<unknown>

/** The statement that deletes the documents uploaded before `before` that no `citedBy` condition holds for (written out in evidence.repository.sql). */
export function uncitedDocumentsStatement(
  before: Date,
  citedBy: readonly Citation[],
): RawBuilder<{ document_id: string }> {
  const document = {
    subjectId: sql`d.subject_id`,
    documentId: sql`d.document_id::text`,
    claimAccountId: sql`d.claim_account_id`,
  }
  return sql<{
    document_id: string
  }>`DELETE FROM evidence_documents d WHERE d.uploaded_at < ${before.toISOString()}::timestamptz
    ${sql.join(
      citedBy.map((cites) => sql`AND NOT ${cites(document)}`),
      sql`\n    `,
    )}
    RETURNING d.document_id`
}

export async function deleteUncitedDocuments(tx: Tx, before: Date, citedBy: readonly Citation[]): Promise<number> {
  return (await uncitedDocumentsStatement(before, citedBy).execute(tx.db)).rows.length
}
