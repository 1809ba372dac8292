import { CompiledQuery, sql } from 'kysely'
import type { Database, Db, Tx } from '../../db/database.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'
import type { LoggedEvent } from './events.ts'
import type { Hash, NodeId } from './merkle.ts'

export interface LogState {
  size: number
  /** the last event appended, as (xid, seq): the sequencer goes on after it */
  cursorXid: string
  cursorSeq: number
}

async function readState(db: Db, forUpdate: boolean): Promise<LogState> {
  const { rows } = await sql<{ size: number; cursor_xid: string; cursor_seq: number }>`
    SELECT size, cursor_xid::text AS cursor_xid, cursor_seq FROM log_state ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(
    db,
  )
  const row = rows[0]!
  return { size: Number(row.size), cursorXid: row.cursor_xid, cursorSeq: Number(row.cursor_seq) }
}

/** The log's state, locked for this transaction: one sequencer at a time, whichever process runs it. */
export const lockState = (tx: Tx): Promise<LogState> => readState(tx.db, true)

export const findState = (db: Db): Promise<LogState> => readState(db, false)

export async function saveState(tx: Tx, state: LogState): Promise<void> {
  await sql`UPDATE log_state SET size = ${state.size}, cursor_xid = ${state.cursorXid}::xid8, cursor_seq = ${state.cursorSeq}`.execute(
    tx.db,
  )
}

type EventRow = {
  seq: number
  occurred_at: Date
  actor_type: string
  actor_id: string
  action: string
  subject_id: string | null
  object_type: string
  object_id: string
  payload: unknown
}

const toEvent = (r: EventRow): LoggedEvent => ({
  seq: Number(r.seq),
  occurredAt: r.occurred_at,
  actorType: r.actor_type,
  actorId: r.actor_id,
  action: r.action,
  subjectId: r.subject_id,
  objectType: r.object_type,
  objectId: r.object_id,
  payload: r.payload,
})

/**
 * Events after the cursor whose transactions have all finished — below the oldest transaction still
 * running, so no event can appear before them any more — in (xid, seq) order.
 */
export async function findSettledEvents(
  tx: Tx,
  after: LogState,
  limit: number,
): Promise<(LoggedEvent & { xid: string })[]> {
  // ordered by the column, not by its text (an output alias named xid would win in ORDER BY and sort as text)
  const { rows } = await sql<EventRow & { xid_text: string }>`
    SELECT e.seq, e.occurred_at, e.actor_type, e.actor_id, e.action, e.subject_id, e.object_type, e.object_id, e.payload, e.xid::text AS xid_text
    FROM audit_events e
    WHERE (e.xid, e.seq) > (${after.cursorXid}::xid8, ${after.cursorSeq}::bigint) AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY e.xid, e.seq
    LIMIT ${limit}`.execute(tx.db)
  return rows.map((r) => ({ ...toEvent(r), xid: r.xid_text }))
}

export async function copyLeaves(tx: Tx, leaves: readonly { leafIndex: number; seq: number }[]): Promise<void> {
  await tx.copyFrom(
    'log_leaves',
    ['leaf_index', 'seq'],
    leaves.map((l) => copyTextRow([l.leafIndex, l.seq])),
  )
}

export async function copyNodes(tx: Tx, nodes: readonly { level: number; index: number; hash: Hash }[]): Promise<void> {
  await tx.copyFrom(
    'log_nodes',
    ['level', 'idx', 'hash'],
    nodes.map((n) => copyTextRow([n.level, n.index, '\\x' + n.hash.toString('hex')])),
  )
}

const NODES_SQL = `SELECT n.level, n.idx, n.hash
  FROM unnest($1::smallint[], $2::bigint[]) AS k(level, idx)
  JOIN log_nodes n ON n.level = k.level AND n.idx = k.idx`

function inOrder(
  ids: readonly NodeId[],
  rows: readonly { level: number; idx: number | string; hash: Uint8Array }[],
): Hash[] {
  const found = new Map(rows.map((r) => [`${r.level}/${Number(r.idx)}`, Buffer.from(r.hash)]))
  return ids.map((n) => {
    const hash = found.get(`${n.level}/${n.index}`)
    if (!hash) throw new Error(`log node ${n.level}/${n.index} is missing`)
    return hash
  })
}

/** The stored hashes of these perfect subtrees, in the same order (in the caller's transaction); throws if one is missing. */
export async function getNodes(db: Db, ids: readonly NodeId[]): Promise<Hash[]> {
  if (ids.length === 0) return []
  const { rows } = await db.executeQuery<{ level: number; idx: number; hash: Buffer }>(
    CompiledQuery.raw(NODES_SQL, [ids.map((n) => n.level), ids.map((n) => n.index)]),
  )
  return inOrder(ids, rows)
}

/** The same, outside a transaction, as a prepared statement: what every proof reads. */
export async function readNodes(database: Database, ids: readonly NodeId[]): Promise<Hash[]> {
  if (ids.length === 0) return []
  return inOrder(
    ids,
    await database.readPrepared<{ level: number; idx: number; hash: Buffer }>('fides_log_nodes', NODES_SQL, [
      ids.map((n) => n.level),
      ids.map((n) => n.index),
    ]),
  )
}

/** Every stored subtree hash at `level` and above (the few upper levels, for a cache). */
export async function listNodesFromLevel(db: Db, level: number): Promise<(NodeId & { hash: Hash })[]> {
  const rows = await db.selectFrom('log_nodes').select(['level', 'idx', 'hash']).where('level', '>=', level).execute()
  return rows.map((r) => ({ level: r.level, index: Number(r.idx), hash: Buffer.from(r.hash) }))
}

/** The stored hashes of Merkle level `level` from index `from`, at most `count` of them, in index order (a hash tile). */
export async function listNodeRange(db: Db, level: number, from: number, count: number): Promise<Hash[]> {
  const rows = await db
    .selectFrom('log_nodes')
    .select('hash')
    .where('level', '=', level)
    .where('idx', '>=', from)
    .where('idx', '<', from + count)
    .orderBy('idx')
    .execute()
  return rows.map((r) => Buffer.from(r.hash))
}

export interface StoredCheckpoint {
  size: number
  root: Hash
  note: string
  signedAt: Date
}

const toCheckpoint = (r: { size: number; root: Buffer; note: string; signed_at: Date }): StoredCheckpoint => ({
  size: Number(r.size),
  root: Buffer.from(r.root),
  note: r.note,
  signedAt: new Date(r.signed_at),
})

export async function findLatestCheckpoint(db: Db): Promise<StoredCheckpoint | undefined> {
  const row = await db.selectFrom('log_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst()
  return row && toCheckpoint(row)
}

export async function insertCheckpoint(db: Db, checkpoint: StoredCheckpoint): Promise<void> {
  await db
    .insertInto('log_checkpoints')
    .values({ size: checkpoint.size, root: checkpoint.root, note: checkpoint.note, signed_at: checkpoint.signedAt })
    .onConflict((oc) => oc.column('size').doNothing())
    .execute()
}

export async function listCheckpoints(db: Db): Promise<StoredCheckpoint[]> {
  return (await db.selectFrom('log_checkpoints').selectAll().orderBy('size').execute()).map(toCheckpoint)
}

export interface StoredLeaf {
  leafIndex: number
  seq: number
  /** null when the event is gone */
  event: LoggedEvent | null
  /** the leaf hash stored when the event was appended; null when it is gone */
  storedHash: Hash | null
}

/** Leaves from `from` on, with their events and stored leaf hashes, in leaf order (for verification). */
export async function listLeaves(db: Db, from: number, limit: number): Promise<StoredLeaf[]> {
  const { rows } = await sql<
    Partial<EventRow> & { leaf_index: number; leaf_seq: number; event_seq: number | null; hash: Buffer | null }
  >`
    SELECT l.leaf_index, l.seq AS leaf_seq, e.seq AS event_seq, e.occurred_at, e.actor_type, e.actor_id, e.action, e.subject_id, e.object_type, e.object_id, e.payload, n.hash
    FROM log_leaves l
    LEFT JOIN audit_events e ON e.seq = l.seq
    LEFT JOIN log_nodes n ON n.level = 0 AND n.idx = l.leaf_index
    WHERE l.leaf_index >= ${from}
    ORDER BY l.leaf_index
    LIMIT ${limit}`.execute(db)
  return rows.map((r) => ({
    leafIndex: Number(r.leaf_index),
    seq: Number(r.leaf_seq),
    event: r.event_seq === null ? null : toEvent({ ...(r as EventRow), seq: r.event_seq }),
    storedHash: r.hash === null ? null : Buffer.from(r.hash),
  }))
}

/** Events the sequencer has passed (at or before its cursor) that the log does not hold: slipped in afterwards. */
export async function findUnloggedEvents(db: Db, state: LogState, limit: number): Promise<number[]> {
  const { rows } = await sql<{ seq: number }>`
    SELECT e.seq FROM audit_events e
    WHERE (e.xid, e.seq) <= (${state.cursorXid}::xid8, ${state.cursorSeq}::bigint)
      AND NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.seq = e.seq)
    ORDER BY e.seq LIMIT ${limit}`.execute(db)
  return rows.map((r) => Number(r.seq))
}

/** The logged events about one subject, with their leaf positions, oldest first. */
export async function listSubjectLeaves(db: Db, subjectId: string): Promise<(LoggedEvent & { leafIndex: number })[]> {
  const { rows } = await sql<EventRow & { leaf_index: number }>`
    SELECT l.leaf_index, e.seq, e.occurred_at, e.actor_type, e.actor_id, e.action, e.subject_id, e.object_type, e.object_id, e.payload
    FROM audit_events e JOIN log_leaves l ON l.seq = e.seq
    WHERE e.subject_id = ${subjectId}
    ORDER BY l.leaf_index`.execute(db)
  return rows.map((r) => ({ ...toEvent(r), leafIndex: Number(r.leaf_index) }))
}

/** The logged events among `seqs`, with their leaf positions (an event the log has not appended yet is absent). */
export async function listEventLeaves(
  db: Db,
  seqs: readonly number[],
): Promise<(LoggedEvent & { leafIndex: number })[]> {
  if (seqs.length === 0) return []
  const { rows } = await sql<EventRow & { leaf_index: number }>`
    SELECT l.leaf_index, e.seq, e.occurred_at, e.actor_type, e.actor_id, e.action, e.subject_id, e.object_type, e.object_id, e.payload
    FROM audit_events e JOIN log_leaves l ON l.seq = e.seq
    WHERE e.seq = ANY(${[...seqs]}::bigint[])
    ORDER BY l.leaf_index`.execute(db)
  return rows.map((r) => ({ ...toEvent(r), leafIndex: Number(r.leaf_index) }))
}

/** Checkpoints larger than `size`, smallest first (what an outside copy has not been given yet). */
export async function listCheckpointsAbove(db: Db, size: number, limit: number): Promise<StoredCheckpoint[]> {
  return (
    await db.selectFrom('log_checkpoints').selectAll().where('size', '>', size).orderBy('size').limit(limit).execute()
  ).map(toCheckpoint)
}

export async function insertCosignature(
  db: Db,
  cosignature: { size: number; witness: string; line: string; cosignedAt: Date },
): Promise<void> {
  await db
    .insertInto('log_cosignatures')
    .values({
      size: cosignature.size,
      witness: cosignature.witness,
      line: cosignature.line,
      cosigned_at: cosignature.cosignedAt,
    })
    .onConflict((oc) => oc.columns(['size', 'witness']).doNothing())
    .execute()
}

/** The cosignature lines stored for the checkpoint of `size` leaves, by witness name. */
export async function listCosignatures(db: Db, size: number): Promise<{ witness: string; line: string }[]> {
  return db
    .selectFrom('log_cosignatures')
    .select(['witness', 'line'])
    .where('size', '=', size)
    .orderBy('witness')
    .execute()
}

/** The size of the newest checkpoint `witness` cosigned, as far as the log knows. */
export async function findLatestCosignedSize(db: Db, witness: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('log_cosignatures')
    .select('size')
    .where('witness', '=', witness)
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row && Number(row.size)
}
