/**
 * The spool: an upload is written to disk before its import, sealed (platform/sealed-stream.ts), never in
 * clear. One file per import job, `<jobId>.spool`, in a directory of mode 0700, each file 0600. The file's
 * key is derived from the server's encryption key and the job's id, so a server restarted after a crash
 * can resume the job from its file; the key is never written anywhere.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { AppError } from '../../platform/app-error.ts'
import { openingStream, sealingStream } from '../../platform/sealed-stream.ts'

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.spool$/

const contextOf = (jobId: string) => `import spool ${jobId}`

export const spoolPath = (dir: string, jobId: string): string => join(dir, `${jobId}.spool`)

export async function ensureSpoolDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
}

/**
 * Seals the upload into the job's spool file, refusing it past `maxBytes`: the answer goes at once, and
 * the rest of the body is read and dropped (so that the client gets the 413, not a reset connection).
 * Answers with the bytes received (clear text); the file is flushed to the disk before it answers. A
 * refused or failed upload leaves no file.
 */
export async function writeSpool(
  body: Readable,
  path: string,
  secret: Buffer,
  jobId: string,
  maxBytes: number,
): Promise<number> {
  let bytes = 0
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true })
      const sealer = sealingStream(secret, contextOf(jobId))
      sealer.pipe(out)
      let refused = false
      body.on('data', (chunk: Buffer) => {
        if (refused) return
        bytes += chunk.length
        if (bytes > maxBytes) {
          refused = true
          sealer.unpipe(out)
          out.destroy()
          body.resume()
          reject(
            new AppError('request.too_large', `an upload holds at most ${maxBytes} bytes`, [
              { pointer: '', detail: 'too large' },
            ]),
          )
        } else if (!sealer.write(chunk)) {
          body.pause()
          sealer.once('drain', () => body.resume())
        }
      })
      body.on('end', () => {
        if (!refused) sealer.end()
      })
      body.on('error', reject)
      sealer.on('error', reject)
      out.on('error', (error) => {
        if (!refused) reject(error)
      })
      out.on('close', () => {
        if (!refused) resolve()
      })
    })
  } catch (error) {
    await rm(path, { force: true })
    throw error
  }
  return bytes
}

/** The clear text of a job's spool file, checked chunk by chunk as it is read. */
export function readSpool(path: string, secret: Buffer, jobId: string): Readable {
  const opener = openingStream(secret, contextOf(jobId))
  pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), opener).catch((error: unknown) =>
    opener.destroy(error as Error),
  )
  return opener
}

/** Whether a job's spool file is there, opens whole under its key and holds `bytes` bytes: what a resumed job needs. */
export async function isSpoolComplete(path: string, secret: Buffer, jobId: string, bytes: number): Promise<boolean> {
  let read = 0
  try {
    for await (const chunk of readSpool(path, secret, jobId)) read += (chunk as Buffer).length
    return read === bytes
  } catch {
    return false
  }
}

/** The spool files in `dir`: the job each belongs to and when it was last written (ms). */
export async function spoolFiles(dir: string): Promise<{ jobId: string; path: string; modifiedMs: number }[]> {
  const files = []
  for (const name of await readdir(dir)) {
    const jobId = FILE.exec(name)?.[1]
    if (!jobId) continue
    const path = join(dir, name)
    const modifiedMs = await stat(path).then(
      (s) => s.mtimeMs,
      () => undefined,
    )
    if (modifiedMs !== undefined) files.push({ jobId, path, modifiedMs })
  }
  return files
}
