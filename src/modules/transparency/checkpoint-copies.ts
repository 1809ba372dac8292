/**
 * Copies of the log's checkpoints kept outside its database, which whoever can rewrite the log's
 * tables cannot rewrite too: an append-only file the instance writes (one JSON line per signed
 * checkpoint, flushed to disk before the next), and the newest checkpoint each witness cosigned
 * (GET <witness>/checkpoint?origin=<origin>). `fides log verify` compares the log with both.
 */
import { open, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { mkdir } from 'node:fs/promises'
import type { Database } from '../../db/database.ts'
import { openCheckpoint, type Verifier } from './checkpoint.ts'
import { findCosignature, splitNote } from './cosignature.ts'
import type { Hash } from './merkle.ts'
import * as repo from './transparency.repository.ts'
import type { WitnessEndpoint } from './witnessing.ts'

/** A checkpoint kept outside the database, and who kept it ("the checkpoint file", "witness w1.example"). */
export interface CheckpointCopy {
  source: string
  size: number
  root: Hash
}

const TAIL_BYTES = 64 * 1024
const MIRROR_BATCH = 1_000

/** The size of the last checkpoint written to each file by this process (read from the file's tail once). */
const mirrored = new Map<string, number>()

async function lastSizeInFile(file: string): Promise<number> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return -1
    throw error
  }
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
    // the last complete line (a torn last line, from a crash mid-write, is followed by a whole one on the next append)
    for (const line of lines.reverse()) {
      try {
        return (JSON.parse(line) as { size: number }).size
      } catch {
        continue
      }
    }
    return -1
  } finally {
    await handle.close()
  }
}

/** Appends to `file` every stored checkpoint it does not hold yet, in size order, and flushes it. Returns how many. */
export async function mirrorCheckpoints(database: Database, file: string): Promise<number> {
  let last = mirrored.get(file) ?? (await lastSizeInFile(file))
  let written = 0
  for (;;) {
    const checkpoints = await repo.listCheckpointsAbove(database.db, last, MIRROR_BATCH)
    if (checkpoints.length === 0) break
    await mkdir(dirname(file), { recursive: true })
    const handle = await open(file, 'a', 0o644)
    try {
      // a line starts on a line of its own even after a torn write
      await handle.write(
        checkpoints
          .map((c) => '\n' + JSON.stringify({ size: c.size, root: c.root.toString('base64'), note: c.note }))
          .join('') + '\n',
      )
      await handle.sync()
    } finally {
      await handle.close()
    }
    last = checkpoints[checkpoints.length - 1]!.size
    mirrored.set(file, last)
    written += checkpoints.length
  }
  mirrored.set(file, last)
  return written
}

export type CopyProblem = { source: string; reason: string }

/** Every checkpoint in the file, each signed by the log's key; missing or damaged entries are problems. */
export async function readCheckpointFile(
  file: string,
  verifier: Verifier,
): Promise<{ copies: CheckpointCopy[]; problems: CopyProblem[] }> {
  const source = `the checkpoint file ${file}`
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    return {
      copies: [],
      problems: [
        {
          source,
          reason:
            (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing (deleted?)' : (error as Error).message,
        },
      ],
    }
  }
  const copies: CheckpointCopy[] = []
  const problems: CopyProblem[] = []
  const lines = text.split('\n')
  lines.forEach((line, i) => {
    if (line === '') return
    let entry: { size?: unknown; note?: unknown }
    try {
      entry = JSON.parse(line) as typeof entry
    } catch {
      // only the last line may be torn (a crash mid-write); anything else is damage
      if (lines.slice(i + 1).some((l) => l !== ''))
        problems.push({ source, reason: `line ${i + 1} is not a checkpoint` })
      return
    }
    const opened =
      typeof entry.note === 'string' ? openCheckpoint(entry.note, verifier) : { ok: false as const, reason: 'no note' }
    if (!opened.ok) problems.push({ source, reason: `line ${i + 1}: ${opened.reason}` })
    else copies.push({ source, size: opened.value.size, root: opened.value.root })
  })
  return { copies, problems }
}

/** The newest checkpoint each witness cosigned for this log (checking the log's signature and the witness's cosignature). */
export async function askWitnesses(
  origin: string,
  verifier: Verifier,
  witnesses: readonly WitnessEndpoint[],
): Promise<{ copies: CheckpointCopy[]; problems: CopyProblem[] }> {
  const answers = await Promise.all(
    witnesses.map(async (w): Promise<CheckpointCopy | CopyProblem> => {
      const source = `witness ${w.verifier.name}`
      const url = new URL('checkpoint', w.url.endsWith('/') ? w.url : w.url + '/')
      url.searchParams.set('origin', origin)
      let res
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      } catch (error) {
        return { source, reason: `cannot be asked (${(error as Error).message}): the log cannot be compared with it` }
      }
      const note = await res.text()
      if (res.status === 404) return { source, reason: 'holds no checkpoint of this log' }
      if (!res.ok) return { source, reason: `answered ${res.status}` }
      const opened = openCheckpoint(note, verifier)
      if (!opened.ok) return { source, reason: `its checkpoint is not signed by the log: ${opened.reason}` }
      const parts = splitNote(note)!
      if (!findCosignature(parts.text, parts.signatures, w.verifier))
        return { source, reason: 'its checkpoint has no valid cosignature by its key' }
      return { source, size: opened.value.size, root: opened.value.root }
    }),
  )
  return {
    copies: answers.filter((a): a is CheckpointCopy => 'root' in a),
    problems: answers.filter((a): a is CopyProblem => 'reason' in a),
  }
}
