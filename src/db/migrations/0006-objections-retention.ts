import { sql, type Kysely } from 'kysely'

/**
 * Objections, notices to subjects, source webhooks, and retention.
 *
 * Records stay append-only with exactly two exceptions, both made by the retention pass and both
 * one-way: `taken_down_at` is set once when a record leaves public display, and erasure sets
 * `erased_at` once while replacing the fields with `{}`. What is left is the tombstone: kind, dates
 * and content hash. A trigger refuses every other UPDATE, and every DELETE.
 *
 * Objections are per-subject rows with a status; their history is the audit trail (every change
 * writes its event in the same transaction). At most one objection per item is undecided at a time.
 * `due_on` is the last day (China Standard Time) the answer is due; from the next day on, an
 * unanswered item is suppressed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `ALTER TABLE records ADD COLUMN taken_down_at timestamptz, ADD COLUMN erased_at timestamptz`,
    `DROP TRIGGER records_append_only ON records`,
    `CREATE FUNCTION fides_records_retention_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'DELETE on records is not allowed: records are append-only (erasure leaves a tombstone)' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF (NEW.subject_id, NEW.record_id, NEW.version, NEW.source_id, NEW.source_record_id, NEW.kind_code, NEW.catalogue_version,
          NEW.decided_on, NEW.conduct_ended_on, NEW.content_hash, NEW.identifier_check_failed, NEW.received_at)
         IS DISTINCT FROM (OLD.subject_id, OLD.record_id, OLD.version, OLD.source_id, OLD.source_record_id, OLD.kind_code, OLD.catalogue_version,
          OLD.decided_on, OLD.conduct_ended_on, OLD.content_hash, OLD.identifier_check_failed, OLD.received_at)
         OR (OLD.taken_down_at IS NOT NULL AND NEW.taken_down_at IS DISTINCT FROM OLD.taken_down_at)
         OR (OLD.erased_at IS NOT NULL AND (NEW.erased_at IS DISTINCT FROM OLD.erased_at OR NEW.fields IS DISTINCT FROM OLD.fields))
         OR (NEW.erased_at IS NULL AND NEW.fields IS DISTINCT FROM OLD.fields)
         OR (NEW.erased_at IS NOT NULL AND NEW.fields <> '{}'::jsonb) THEN
        RAISE EXCEPTION 'UPDATE on records is not allowed: records are append-only, except taking one down and erasing its content once'
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
      END $$`,
    `CREATE TRIGGER records_retention_only BEFORE UPDATE OR DELETE ON records
      FOR EACH ROW EXECUTE FUNCTION fides_records_retention_only()`,
    `CREATE TABLE objections (
      subject_id uuid NOT NULL,
      objection_id uuid NOT NULL,
      target_type text NOT NULL CHECK (target_type IN ('record', 'list_entry')),
      target_id uuid NOT NULL,
      target_version integer,
      source_id uuid,
      filed_by_type text NOT NULL,
      filed_by_id text NOT NULL,
      filed_at timestamptz NOT NULL,
      due_on date NOT NULL,
      reasons text NOT NULL,
      evidence jsonb NOT NULL,
      statement text,
      status text NOT NULL CHECK (status IN ('open', 'escalated', 'verified', 'corrected', 'withdrawn', 'upheld', 'dismissed', 'lapsed')),
      answer jsonb,
      answered_at timestamptz,
      answered_version integer,
      escalated_at timestamptz,
      overdue_noticed_at timestamptz,
      erased_at timestamptz,
      PRIMARY KEY (subject_id, objection_id),
      CHECK ((target_type = 'record') = (source_id IS NOT NULL AND target_version IS NOT NULL))
      )`,
    `CREATE UNIQUE INDEX objections_one_undecided ON objections (subject_id, target_id) WHERE status IN ('open', 'escalated')`,
    `CREATE INDEX objections_by_target ON objections (subject_id, target_id, filed_at)`,
    `CREATE INDEX objections_source_queue ON objections (source_id, due_on) WHERE status IN ('open', 'escalated')`,
    `CREATE INDEX objections_undecided_due ON objections (due_on) WHERE status IN ('open', 'escalated')`,
    `CREATE TABLE notices (
      subject_id uuid NOT NULL,
      notice_id uuid NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      created_at timestamptz NOT NULL,
      kind text NOT NULL,
      object_type text NOT NULL,
      object_id text NOT NULL,
      body jsonb NOT NULL,
      PRIMARY KEY (subject_id, notice_id)
      )`,
    `CREATE INDEX notices_in_order ON notices (subject_id, seq)`,
    `ALTER TABLE sources ADD COLUMN webhook_url text, ADD COLUMN webhook_secret_enc bytea,
      ADD CHECK ((webhook_url IS NULL) = (webhook_secret_enc IS NULL))`,
    `CREATE TABLE webhook_deliveries (
      subject_id uuid NOT NULL,
      delivery_id uuid NOT NULL,
      source_id uuid NOT NULL,
      event text NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      delivered_at timestamptz,
      last_error text,
      PRIMARY KEY (subject_id, delivery_id)
      )`,
    `CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `DROP TABLE webhook_deliveries`,
    `ALTER TABLE sources DROP COLUMN webhook_url, DROP COLUMN webhook_secret_enc`,
    `DROP TABLE notices`,
    `DROP TABLE objections`,
    `DROP TRIGGER records_retention_only ON records`,
    `DROP FUNCTION fides_records_retention_only()`,
    `ALTER TABLE records DROP COLUMN taken_down_at, DROP COLUMN erased_at`,
    `CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
  ])
    await sql.raw(statement).execute(db)
}
