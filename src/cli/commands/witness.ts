// `fides witness`: a witness (c2sp.org/tlog-witness) of other logs.
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import {
  cosignerKeyFromSeed,
  cosignerVerifierKey,
  parseVerifierKey,
  type Verifier,
} from '../../modules/transparency/index.ts'
import { openWitnessStore, startWitnessServer } from '../../modules/witness/index.ts'
import { required, UsageError } from '../context.ts'

/** `fides witness serve`: a witness of its own, until it is stopped. */
async function witnessServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      'key-file': { type: 'string' },
      log: { type: 'string', multiple: true },
      state: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
    },
  })
  const name = required(values, 'name')
  const keyFile = required(values, 'key-file')
  const state = required(values, 'state')
  if (!values.log?.length) throw new UsageError('--log LOG_VERIFIER_KEY is required (once per log witnessed)')
  const logs = new Map<string, Verifier>()
  for (const text of values.log) {
    try {
      logs.set(text.split('+')[0]!, parseVerifierKey(text))
    } catch (error) {
      throw new UsageError(`--log ${text}: ${(error as Error).message}`)
    }
  }
  const port = Number(values.port ?? '7380')
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port is a port number')
  let seedText: string
  try {
    seedText = await readFile(keyFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    seedText = randomBytes(32).toString('base64') + '\n'
    await writeFile(keyFile, seedText, { mode: 0o600, flag: 'wx' })
  }
  const seed = Buffer.from(seedText.trim(), 'base64')
  if (seed.length !== 32) throw new UsageError(`--key-file: ${keyFile} must hold a 32-byte seed in base64`)
  let key
  try {
    key = cosignerKeyFromSeed(name, seed)
  } catch (error) {
    throw new UsageError(`--name: ${(error as Error).message}`)
  }
  const server = await startWitnessServer({
    key,
    logs,
    store: await openWitnessStore(state),
    host: values.host ?? '127.0.0.1',
    port,
    now: () => Math.floor(Date.now() / 1000),
    onRequest: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  })
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  process.stdout.write(`witness ${name} listening on ${server.url}\nverifier key ${cosignerVerifierKey(key)}\n`)
  return -1
}

/** `fides witness serve`. */
export async function witnessCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'serve') throw new UsageError(`unknown: witness ${sub ?? ''}`)
  return witnessServe(rest)
}
