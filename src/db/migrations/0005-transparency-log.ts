import { sql, type Kysely } from 'kysely'

/**
 * The transparency log (RFC 9162 Merkle tree) over the audit trail.
 *
 * Audit events get the id of the transaction that wrote them (`xid`). The sequencer appends to the
 * log only events whose transaction has finished (xid below the oldest running transaction, so no
 * earlier event can still appear), in (xid, seq) order, from a cursor: every event once, in an order
 * fixed forever, whatever order concurrent transactions commit in.
 *
 * log_leaves maps each leaf index to its event; log_nodes holds every perfect subtree hash (level 0:
 * the leaf hashes), so a proof is a handful of primary-key reads; log_checkpoints keeps every signed
 * checkpoint. All are global-log tables beside audit_events (one order for the whole platform).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `ALTER TABLE audit_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`,
    `CREATE INDEX audit_events_xid ON audit_events (xid, seq)`,
    `CREATE TABLE log_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      size bigint NOT NULL,
      cursor_xid xid8 NOT NULL,
      cursor_seq bigint NOT NULL
    )`,
    `INSERT INTO log_state (size, cursor_xid, cursor_seq) VALUES (0, '0'::xid8, 0)`,
    `CREATE TABLE log_leaves (
      leaf_index bigint PRIMARY KEY,
      seq bigint NOT NULL UNIQUE REFERENCES audit_events (seq)
    )`,
    `CREATE TABLE log_nodes (
      level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
      idx bigint NOT NULL CHECK (idx >= 0),
      hash bytea NOT NULL CHECK (length(hash) = 32),
      PRIMARY KEY (level, idx)
    )`,
    `CREATE TABLE log_checkpoints (
      size bigint PRIMARY KEY,
      root bytea NOT NULL,
      note text NOT NULL,
      signed_at timestamptz NOT NULL
    )`,
    `CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE ON log_leaves FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
    `CREATE TRIGGER log_nodes_append_only BEFORE UPDATE OR DELETE ON log_nodes FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
    `CREATE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints FOR EACH ROW EXECUTE FUNCTION fides_refuse_change()`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TABLE log_checkpoints',
    'DROP TABLE log_nodes',
    'DROP TABLE log_leaves',
    'DROP TABLE log_state',
    'DROP INDEX audit_events_xid',
    'ALTER TABLE audit_events DROP COLUMN xid',
  ])
    await sql.raw(statement).execute(db)
}
