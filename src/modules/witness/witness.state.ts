/**
 * The witness's memory: per log, the newest checkpoint it cosigned, in one JSON file in its state
 * directory. Every change is written to a temporary file, flushed, renamed over the old one and the
 * directory flushed, so a crash leaves either the old state or the new one, never a torn file and
 * never a state older than a cosignature already given.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { WitnessedState } from './witness.ts'

const FILE = 'witness-state.json'

type Stored = Record<string, { size: number; root: string; note: string }>

export interface WitnessStore {
  get(origin: string): WitnessedState | undefined
  /** records the new state for `origin`, durably, before it returns */
  put(origin: string, state: WitnessedState): Promise<void>
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function openWitnessStore(dir: string): Promise<WitnessStore> {
  await mkdir(dir, { recursive: true })
  const file = join(dir, FILE)
  let stored: Stored = {}
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Stored
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(
        `${file} cannot be read: ${(error as Error).message}; a witness that lost its state must not cosign again under the same key`,
      )
  }
  const logs = new Map<string, WitnessedState>(
    Object.entries(stored).map(([origin, s]) => [
      origin,
      { size: s.size, root: Buffer.from(s.root, 'base64'), note: s.note },
    ]),
  )
  return {
    get: (origin) => logs.get(origin),
    async put(origin, state) {
      const next: Stored = {}
      for (const [o, s] of [...logs, [origin, state] as const])
        next[o] = { size: s.size, root: s.root.toString('base64'), note: s.note }
      const temporary = `${file}.${process.pid}.tmp`
      const handle = await open(temporary, 'w', 0o644)
      try {
        await handle.writeFile(JSON.stringify(next, null, 1) + '\n')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, file)
      await fsyncPath(dir)
      logs.set(origin, state)
    },
  }
}
