import { sql, type Kysely } from 'kysely'

/**
 * Foundation: catalogue versions, sources and their keys (reference tables), subjects and records
 * (per-subject, subject_id first in every key), and the audit trail.
 * Records are append-only: a correction is a new version; the current version is the highest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE catalogue_versions (
      catalogue_version text PRIMARY KEY,
      published_on date NOT NULL,
      content jsonb NOT NULL,
      content_hash text NOT NULL,
      loaded_at timestamptz NOT NULL
      )`,
    `CREATE TABLE sources (
      source_id uuid PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      display_name text NOT NULL,
      agency_type text NOT NULL,
      is_government boolean NOT NULL,
      allowed_kinds text[] NOT NULL,
      created_at timestamptz NOT NULL
      )`,
    `CREATE TABLE api_keys (
      key_id text PRIMARY KEY,
      key_hash bytea NOT NULL,
      role text NOT NULL CHECK (role IN ('source', 'officer')),
      source_id uuid REFERENCES sources (source_id),
      label text NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      CHECK ((role = 'source') = (source_id IS NOT NULL))
      )`,
    `CREATE TABLE subjects (
      subject_id uuid PRIMARY KEY,
      subject_type text NOT NULL,
      uscc text,
      name text,
      person_id_enc bytea,
      person_name_enc bytea,
      person_id_masked text,
      division_code text,
      identifier_check_failed boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      CHECK ((subject_type = 'person') = (person_id_enc IS NOT NULL)),
      CHECK ((subject_type = 'person') = (uscc IS NULL))
      )`,
    `CREATE TABLE records (
      subject_id uuid NOT NULL,
      record_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      source_id uuid NOT NULL,
      source_record_id text NOT NULL,
      kind_code text NOT NULL,
      catalogue_version text NOT NULL,
      decided_on date NOT NULL,
      conduct_ended_on date,
      fields jsonb NOT NULL,
      content_hash bytea NOT NULL,
      identifier_check_failed boolean NOT NULL DEFAULT false,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (subject_id, record_id, version)
      )`,
    `CREATE TABLE audit_events (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_type text NOT NULL,
      actor_id text NOT NULL,
      action text NOT NULL,
      subject_id uuid,
      object_type text NOT NULL,
      object_id text NOT NULL,
      payload jsonb NOT NULL
      )`,
    `CREATE INDEX audit_events_subject ON audit_events (subject_id, seq) WHERE subject_id IS NOT NULL`,
    `CREATE FUNCTION fides_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
      RAISE EXCEPTION '% on % is not allowed: % is append-only', TG_OP, TG_TABLE_NAME, TG_TABLE_NAME
      USING ERRCODE = 'integrity_constraint_violation';
      END $$`,
    `CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
      FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
    `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_events', 'records', 'subjects', 'api_keys', 'sources', 'catalogue_versions']) {
    await sql.raw(`DROP TABLE ${table}`).execute(db)
  }
  await sql`DROP FUNCTION fides_refuse_change()`.execute(db)
}
