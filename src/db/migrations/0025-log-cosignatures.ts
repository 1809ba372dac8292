import { sql, type Kysely } from 'kysely'

/**
 * Witnesses' cosignatures (c2sp.org/tlog-cosignature) on the log's signed checkpoints: one line per
 * checkpoint and witness, kept as the witness sent it, append-only like the checkpoints themselves.
 * A global-log table beside log_checkpoints.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE log_cosignatures (
      size bigint NOT NULL REFERENCES log_checkpoints (size),
      witness text NOT NULL,
      line text NOT NULL,
      cosigned_at timestamptz NOT NULL,
      PRIMARY KEY (size, witness)
    )`,
    `CREATE INDEX log_cosignatures_witness ON log_cosignatures (witness, size)`,
    `CREATE TRIGGER log_cosignatures_append_only BEFORE UPDATE OR DELETE ON log_cosignatures FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE log_cosignatures').execute(db)
}
