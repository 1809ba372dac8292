/**
 * The transparency log over the audit trail: one sequencer appends settled audit events as leaves
 * (every event once, in an order fixed forever), checkpoints are signed when the log has grown, and
 * proofs are read from the stored perfect-subtree hashes. `verifyLog` recomputes everything from the
 * stored events, as an operator or an auditor with database access would.
 */
import type { Database } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { openCheckpoint, signCheckpoint, signingKeyFromSeed, type SigningKey, type Verifier } from './checkpoint.ts'
import { canonicalEventBytes, eventLeafHash, type LoggedEvent } from './events.ts'
import {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  rangeHash,
  rangeNodes,
  TreeBuilder,
  type Hash,
  type NodeId,
  type Range,
} from './merkle.ts'
import { entryBundle, TILE_HEIGHT, tileNodes, tilePath, tileWidthIn, type Tile } from './tiles.ts'
import * as repo from './transparency.repository.ts'
import type { CheckpointCopy } from './checkpoint-copies.ts'

export interface LogIdentity {
  origin: string
  key: SigningKey
}

/** The log's identity from configuration: its origin names both the log and its signing key. */
export function logIdentity(config: { origin: string; signingSeed: Buffer }): LogIdentity {
  return { origin: config.origin, key: signingKeyFromSeed(config.origin, config.signingSeed) }
}

const SEQUENCE_BATCH = 10_000

/**
 * Appends every settled audit event not yet in the log (or `maxBatches` batches of them), in batches of at most `batch`, each batch one
 * transaction (its leaves, its new subtree hashes and the new state commit together). Returns how many
 * were appended. Safe to run from several processes at once: the log's state row serialises them.
 * `yieldEvery`: inside the server, give the event loop back every so many events, so that hashing
 * never stalls the API for long.
 */
export async function sequence(
  database: Database,
  options: { batch?: number; maxBatches?: number; yieldEvery?: number } = {},
): Promise<number> {
  const batch = options.batch ?? SEQUENCE_BATCH
  let appended = 0
  for (let batches = 0; batches < (options.maxBatches ?? Infinity); batches++) {
    const added = await database.transaction(async (tx) => {
      const state = await repo.lockState(tx)
      const events = await repo.findSettledEvents(tx, state, batch)
      if (events.length === 0) return 0
      const builder = TreeBuilder.resume(state.size, await repo.getNodes(tx.db, rangeNodes([0, state.size])))
      const nodes: { level: number; index: number; hash: Hash }[] = []
      const leaves: { leafIndex: number; seq: number }[] = []
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!
        leaves.push({ leafIndex: builder.size, seq: event.seq })
        builder.append(eventLeafHash(event), (node, hash) => nodes.push({ ...node, hash }))
        // hashing runs on the server's event loop: let requests through every few events
        if (options.yieldEvery !== undefined && i % options.yieldEvery === options.yieldEvery - 1)
          await new Promise<void>((resolve) => setImmediate(resolve))
      }
      await repo.copyLeaves(tx, leaves)
      await repo.copyNodes(tx, nodes)
      const last = events[events.length - 1]!
      await repo.saveState(tx, { size: builder.size, cursorXid: last.xid, cursorSeq: last.seq })
      return events.length
    })
    appended += added
    if (added < batch) break
  }
  return appended
}

/** The root of the log at `size` leaves, from the stored subtree hashes. */
async function rootAt(database: Database, size: number): Promise<Hash> {
  return size === 0 ? EMPTY_ROOT : rangeHash(await repo.getNodes(database.db, rangeNodes([0, size])))
}

/**
 * Signs a checkpoint of the log as it is, if it has grown since the last one (or none was ever
 * signed). Returns the newest checkpoint's note.
 */
export async function signLatest(database: Database, clock: Clock, log: LogIdentity): Promise<string> {
  const [state, latest] = await Promise.all([repo.findState(database.db), repo.findLatestCheckpoint(database.db)])
  if (latest && latest.size >= state.size) return latest.note
  const root = await rootAt(database, state.size)
  const note = signCheckpoint({ origin: log.origin, size: state.size, root }, log.key)
  await repo.insertCheckpoint(database.db, { size: state.size, root, note, signedAt: clock.now() })
  return (await repo.findLatestCheckpoint(database.db))!.note
}

export async function latestCheckpoint(database: Database): Promise<repo.StoredCheckpoint | undefined> {
  return repo.findLatestCheckpoint(database.db)
}

/**
 * Subtree hashes of level CACHED_LEVEL and up, kept in memory per database: a perfect subtree's hash
 * never changes, there are few of them (one per 2^CACHED_LEVEL leaves, ~80 k at 10 M leaves), and every
 * proof needs some. The levels below are read from the database, in one query.
 */
const CACHED_LEVEL = 8
const CACHE_LIMIT = 500_000
const nodeCaches = new WeakMap<Database, Map<string, Hash>>()

const key = (n: NodeId) => `${n.level}/${n.index}`

/** The cache, filled on first use with every stored subtree hash of the cached levels (or the top ones that fit). */
async function nodeCache(database: Database): Promise<Map<string, Hash>> {
  let cache = nodeCaches.get(database)
  if (cache) return cache
  cache = new Map()
  const { size } = await repo.findState(database.db)
  const fromLevel = Math.max(CACHED_LEVEL, Math.ceil(Math.log2(Math.max(1, size) / (CACHE_LIMIT / 2))))
  for (const node of await repo.listNodesFromLevel(database.db, fromLevel)) cache.set(key(node), node.hash)
  nodeCaches.set(database, cache)
  return cache
}

async function getNodesCached(database: Database, ids: readonly NodeId[]): Promise<Hash[]> {
  const cache = await nodeCache(database)
  // bounded, and emptied before it is consulted: a hash found in it must still be there below
  if (cache.size > CACHE_LIMIT) cache.clear()
  const missing = ids.filter((n) => n.level < CACHED_LEVEL || !cache.has(key(n)))
  const fetched = await repo.readNodes(database, missing)
  const read = new Map(missing.map((n, i) => [key(n), fetched[i]!]))
  for (const n of missing) if (n.level >= CACHED_LEVEL) cache.set(key(n), read.get(key(n))!)
  return ids.map((n) => read.get(key(n)) ?? cache.get(key(n))!)
}

/** The hashes of `ranges`, read in one query (less what is cached). */
async function rangeHashes(database: Database, ranges: readonly Range[]): Promise<Hash[]> {
  const plans = ranges.map((r) => rangeNodes(r))
  const ids: NodeId[] = plans.flat()
  const hashes = await getNodesCached(database, ids)
  let at = 0
  return plans.map((plan) => rangeHash(hashes.slice(at, (at += plan.length))))
}

/** The largest log size seen per database: a log only grows, so a size within it needs no query. */
const knownSizes = new WeakMap<Database, number>()

async function assertSize(database: Database, size: number, pointer: string): Promise<void> {
  if (size <= (knownSizes.get(database) ?? -1)) return
  const { size: logSize } = await repo.findState(database.db)
  knownSizes.set(database, logSize)
  if (size > logSize)
    throw new AppError('log.size_unknown', `the log holds ${logSize} leaves`, [
      { pointer, detail: `at most ${logSize}` },
    ])
}

export interface InclusionProof {
  leafIndex: number
  treeSize: number
  leafHash: Hash
  proof: Hash[]
}

export async function inclusionProof(database: Database, leafIndex: number, treeSize: number): Promise<InclusionProof> {
  await assertSize(database, treeSize, '/size')
  if (leafIndex >= treeSize)
    throw new AppError('log.leaf_unknown', `leaf ${leafIndex} is not in a tree of ${treeSize}`, [
      { pointer: '/leaf', detail: `below ${treeSize}` },
    ])
  const [leaf, ...proof] = await rangeHashes(database, [
    [leafIndex, leafIndex + 1],
    ...inclusionRanges(leafIndex, treeSize),
  ])
  return { leafIndex, treeSize, leafHash: leaf!, proof }
}

export async function consistencyProof(database: Database, from: number, to: number): Promise<Hash[]> {
  await assertSize(database, to, '/to')
  if (from > to)
    throw new AppError('log.size_unknown', 'a consistency proof goes from a smaller tree to a larger one', [
      { pointer: '/from', detail: `at most ${to}` },
    ])
  return rangeHashes(database, consistencyRanges(from, to))
}

/**
 * A tile of the tree of the newest checkpoint (c2sp.org/tlog-tiles): its hashes, or for an entry
 * bundle the canonical bytes of its events. Full tiles never change; a partial one is any width the
 * tree has reached (each a prefix of the next). A tile beyond the signed tree is not found.
 */
export async function readTile(database: Database, tile: Tile): Promise<Buffer> {
  const size = (await repo.findLatestCheckpoint(database.db))?.size ?? 0
  if (tile.width > tileWidthIn(size, tile.level, tile.index)) {
    throw new AppError(
      'log.tile_not_found',
      `${tilePath(tile)} is beyond the tree of the newest checkpoint, of ${size} leaves`,
      [{ pointer: '/tile', detail: 'beyond the signed tree' }],
    )
  }
  const missing = () => new Error(`the log holds fewer than the ${tile.width} entries of ${tilePath(tile)}`)
  if (tile.level !== 'entries') {
    const { level, from, count } = tileNodes({ ...tile, level: tile.level })
    const hashes = await repo.listNodeRange(database.db, level, from, count)
    if (hashes.length !== count) throw missing()
    return Buffer.concat(hashes)
  }
  const from = tile.index * 2 ** TILE_HEIGHT
  const leaves = await repo.listLeaves(database.db, from, tile.width)
  if (leaves.length !== tile.width || leaves.some((l, i) => l.leafIndex !== from + i || !l.event)) throw missing()
  return entryBundle(leaves.map((l) => canonicalEventBytes(l.event!)))
}

/** The logged events about a subject, each with its canonical bytes and its proof in `treeSize`. */
export async function subjectLeaves(
  database: Database,
  subjectId: string,
  treeSize: number,
): Promise<{ event: LoggedEvent; leafIndex: number; canonical: string; proof: Hash[] }[]> {
  const leaves = (await repo.listSubjectLeaves(database.db, subjectId)).filter((l) => l.leafIndex < treeSize)
  const paths = leaves.map((l) => inclusionRanges(l.leafIndex, treeSize))
  const proofs = await rangeHashes(database, paths.flat())
  let at = 0
  return leaves.map(({ leafIndex, ...event }, i) => {
    return {
      event,
      leafIndex,
      canonical: canonicalEventBytes(event).toString('utf8'),
      proof: proofs.slice(at, (at += paths[i]!.length)),
    }
  })
}

/** Where each of these audit events is in the log, with the canonical bytes its leaf hashes; events not appended yet are absent. */
export async function logPositions(
  database: Database,
  seqs: readonly number[],
): Promise<Map<number, { leafIndex: number; canonical: string }>> {
  const leaves = await repo.listEventLeaves(database.db, seqs)
  return new Map(
    leaves.map(({ leafIndex, ...event }) => [
      event.seq,
      { leafIndex, canonical: canonicalEventBytes(event).toString('utf8') },
    ]),
  )
}

export type LogProblem =
  | { kind: 'event_missing'; leafIndex: number; seq: number }
  | { kind: 'event_changed'; leafIndex: number; seq: number }
  | { kind: 'leaf_missing'; leafIndex: number }
  | { kind: 'event_not_logged'; seq: number }
  | { kind: 'checkpoint_root'; size: number }
  | { kind: 'checkpoint_signature'; size: number; reason: string }
  | { kind: 'checkpoint_beyond_log'; size: number }
  /** a checkpoint kept outside the database (the checkpoint file, a witness) whose root is not the log's at its size */
  | { kind: 'copy_rewritten'; size: number; source: string }
  /** a checkpoint kept outside the database of more leaves than the log holds */
  | { kind: 'copy_beyond_log'; size: number; logSize: number; source: string }
  /** an outside copy that could not be read or does not verify */
  | { kind: 'copy_unavailable'; source: string; reason: string }

export interface LogVerification {
  size: number
  checkpoints: number
  root: Hash
  problems: LogProblem[]
}

/**
 * Recomputes the whole tree from the stored events and checks each leaf against the hash stored when
 * it was appended, every stored checkpoint's signature and root, and that no event slipped in behind
 * the sequencer. Every checkpoint's root is checked against the one recomputed tree at its size, so
 * each is consistent with the next. `copies` are checkpoints kept outside the database (the checkpoint
 * file, the witnesses): whoever rewrote the tables and re-signed could delete the stored checkpoints,
 * not those, so each must also match the tree at its size. Problems are listed in log order, so the
 * first names the first bad position.
 */
export async function verifyLog(
  database: Database,
  verifier: Verifier,
  onProgress?: (done: number, total: number) => void,
  copies: readonly CheckpointCopy[] = [],
): Promise<LogVerification> {
  const state = await repo.findState(database.db)
  const checkpoints = await repo.listCheckpoints(database.db)
  const problems: LogProblem[] = []
  const builder = new TreeBuilder()
  let next = 0
  const bySize = new Map(checkpoints.map((c) => [c.size, c]))
  const copiesBySize = Map.groupBy(copies, (c) => c.size)
  const checkAt = (size: number) => {
    for (const copy of copiesBySize.get(size) ?? []) {
      if (!builder.root().equals(copy.root)) problems.push({ kind: 'copy_rewritten', size, source: copy.source })
    }
    const cp = bySize.get(size)
    if (cp) {
      const opened = openCheckpoint(cp.note, verifier)
      if (!opened.ok) problems.push({ kind: 'checkpoint_signature', size, reason: opened.reason })
      else if (opened.value.size !== cp.size || !opened.value.root.equals(cp.root) || !builder.root().equals(cp.root))
        problems.push({ kind: 'checkpoint_root', size })
    }
  }
  checkAt(0)
  for (;;) {
    const leaves = await repo.listLeaves(database.db, next, SEQUENCE_BATCH)
    if (leaves.length === 0) break
    for (const leaf of leaves) {
      while (next < leaf.leafIndex) {
        // a placeholder keeps every later leaf at its position (the roots from here on will not match)
        problems.push({ kind: 'leaf_missing', leafIndex: next })
        builder.append(EMPTY_ROOT)
        next++
      }
      if (!leaf.event) {
        problems.push({ kind: 'event_missing', leafIndex: leaf.leafIndex, seq: leaf.seq })
        builder.append(leaf.storedHash ?? EMPTY_ROOT)
      } else {
        const hash = eventLeafHash(leaf.event)
        if (!leaf.storedHash?.equals(hash))
          problems.push({ kind: 'event_changed', leafIndex: leaf.leafIndex, seq: leaf.seq })
        builder.append(hash)
      }
      next++
      checkAt(builder.size)
    }
    onProgress?.(next, state.size)
  }
  for (const cp of checkpoints)
    if (cp.size > builder.size) problems.push({ kind: 'checkpoint_beyond_log', size: cp.size })
  for (const copy of copies)
    if (copy.size > builder.size)
      problems.push({ kind: 'copy_beyond_log', size: copy.size, logSize: builder.size, source: copy.source })
  for (const seq of await repo.findUnloggedEvents(database.db, state, 100))
    problems.push({ kind: 'event_not_logged', seq })
  return { size: builder.size, checkpoints: checkpoints.length, root: builder.root(), problems }
}
