import { sql, type Kysely } from 'kysely'

/**
 * Evidence documents a subject uploads for an objection or a repair application: encrypted at rest
 * (content and file name, which can name a person), per subject (subject_id first). A document no
 * objection or application points to any more (their words are erased with the record, or it was
 * never used) is deleted by the maintenance pass after a week.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE evidence_documents (
    subject_id uuid NOT NULL,
    document_id uuid NOT NULL,
    name_enc bytea NOT NULL,
    media_type text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    content_enc bytea NOT NULL,
    uploaded_at timestamptz NOT NULL,
    PRIMARY KEY (subject_id, document_id)
  )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE evidence_documents`.execute(db)
}
