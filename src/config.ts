/**
 * The one place configuration is read. `loadConfig` validates every variable, names the one that is
 * wrong, and returns a frozen object; nothing else in Fides reads `process.env`.
 * Variables are documented in `.env.example`.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { isIP } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import type { Keys } from './platform/crypto.ts'
import { parseCosignerVerifierKey } from './modules/transparency/index.ts'

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolSize: number }
  | { kind: 'pglite'; dataDir: string | null }

export interface Config {
  host: string
  port: number
  database: DatabaseConfig
  dataDir: string
  keys: Keys
  /** where the keys came from: the environment, or a key file generated for the embedded database */
  keySource: 'environment' | 'key-file'
  catalogueFile: string
  /** the list catalogue (list kinds and measures) and the working-day calendar */
  listCatalogueFile: string
  /** the enterprise rating model (catalogue/models/) */
  ratingModelFile: string
  /** the protected characteristics no scorecard may use (a list may add to the shipped one, never drop from it) */
  protectedFeaturesFile: string
  holidaysFile: string
  seedDemo: boolean
  /** where the demo's one-time credentials are kept (mode 0600) for `fides demo credentials`; none for an in-memory database */
  demoCredentialsFile: string | null
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  batchLimit: number
  /** the largest file a source may upload as one import (bytes) */
  uploadMaxBytes: number
  /** where uploads are spooled (sealed) before their import: a private directory, not the system's temporary one */
  spoolDir: string
  /** requests per minute per API key, or per client address without one */
  rateLimitPerMinute: number
  /** the reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; none: the connection's address is the client's */
  trustProxy: readonly string[]
  /** who the audit trail names for changes made with the `fides` command */
  operator: string
  /**
   * the transparency log: its name (also its signing key's name) and the Ed25519 seed it signs checkpoints with;
   * the append-only file outside the database every signed checkpoint is copied to (null: none); the witnesses
   * each checkpoint is submitted to (their submission URL and verifier key)
   */
  log: {
    origin: string
    signingSeed: Buffer
    intervalMs: number
    checkpointFile: string | null
    witnesses: readonly Witness[]
  }
  /** the scheduler: the maintenance pass (retention, overdue objections) and the webhook outbox */
  maintenance: { intervalMs: number; webhookIntervalMs: number }
  /** how often the server re-rates organisations whose records changed (and, on a new day, all); 0: never (run fides ratings recompute) */
  ratingIntervalMs: number
}

export interface Witness {
  url: string
  /** "<name>+<hex key id>+<base64(0x04 ‖ Ed25519 key)>" (c2sp.org/tlog-cosignature) */
  verifierKey: string
}

export class ConfigError extends Error {
  readonly variable: string
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
    this.variable = variable
  }
}

type Env = Readonly<Record<string, string | undefined>>

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`)
  return value
}

/** Addresses or CIDR ranges, comma-separated (never "any": a client could then name any address it likes). */
function proxies(env: Env, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  const list = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  for (const p of list) {
    const [address = '', bits, extra] = p.split('/')
    const valid =
      extra === undefined &&
      isIP(address) !== 0 &&
      (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128)))
    if (!valid)
      throw new ConfigError(
        name,
        `must be addresses or CIDR ranges separated by commas (e.g. 127.0.0.1,10.0.0.0/8), got "${p}"`,
      )
  }
  return list
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (raw === 'true' || raw === '1') return true
  if (raw === 'false' || raw === '0') return false
  throw new ConfigError(name, `must be true or false, got "${raw}"`)
}

function key(env: Env, name: string): Buffer | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const bytes = Buffer.from(raw, 'base64')
  if (bytes.length !== 32)
    throw new ConfigError(name, 'must be 32 bytes in base64 (generate one with: openssl rand -base64 32)')
  return bytes
}

/**
 * With PostgreSQL, keys must come from the environment. With the embedded database, a key file is
 * generated once in the data directory (mode 0600) so that `npm start` works on a fresh clone without
 * any default key shipped in code.
 */
async function resolveKeys(
  env: Env,
  database: DatabaseConfig,
  dataDir: string,
): Promise<{ keys: Keys; source: Config['keySource'] }> {
  const encryption = key(env, 'FIDES_ENCRYPTION_KEY')
  const index = key(env, 'FIDES_INDEX_KEY')
  if (encryption && index) return { keys: { encryption, index }, source: 'environment' }
  if (encryption || index) {
    throw new ConfigError(
      encryption ? 'FIDES_INDEX_KEY' : 'FIDES_ENCRYPTION_KEY',
      'set both FIDES_ENCRYPTION_KEY and FIDES_INDEX_KEY, or neither',
    )
  }
  if (database.kind === 'postgres') {
    throw new ConfigError(
      'FIDES_ENCRYPTION_KEY',
      'is required with DATABASE_URL (and so is FIDES_INDEX_KEY): personal identifiers are encrypted at rest',
    )
  }
  if (database.dataDir === null) {
    return { keys: { encryption: randomBytes(32), index: randomBytes(32) }, source: 'key-file' }
  }
  const file = join(dataDir, 'keys.json')
  const text = await privateFile(
    file,
    () =>
      JSON.stringify({ encryption: randomBytes(32).toString('base64'), index: randomBytes(32).toString('base64') }) +
      '\n',
  )
  const parsed = parseOr(() => JSON.parse(text) as { encryption?: string; index?: string })
  const encryptionFromFile = parseOr(() => key({ K: parsed?.encryption }, 'K'))
  const indexFromFile = parseOr(() => key({ K: parsed?.index }, 'K'))
  if (!encryptionFromFile || !indexFromFile)
    throw new ConfigError('FIDES_DATA_DIR', `${file} is damaged: it must hold two base64 keys`)
  return { keys: { encryption: encryptionFromFile, index: indexFromFile }, source: 'key-file' }
}

/** `parse()`, or undefined when it throws (for reading key files, whose damage is reported by the caller). */
function parseOr<T>(parse: () => T): T | undefined {
  try {
    return parse()
  } catch {
    return undefined
  }
}

/**
 * A private file in the data directory: its text if it exists, or else `create()`, written once with
 * mode 0600 (and never over an existing file).
 */
async function privateFile(file: string, create: () => string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError('FIDES_DATA_DIR', `cannot read ${file}: ${(error as Error).message}`)
  }
  const text = create()
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, text, { mode: 0o600, flag: 'wx' })
  await chmod(file, 0o600)
  return text
}

/**
 * The transparency log's Ed25519 signing seed: from FIDES_LOG_KEY, required with PostgreSQL like the
 * other keys; with the embedded database, generated once into the data directory (mode 0600).
 */
async function resolveLogSeed(env: Env, database: DatabaseConfig, dataDir: string): Promise<Buffer> {
  const fromEnv = key(env, 'FIDES_LOG_KEY')
  if (fromEnv) return fromEnv
  if (database.kind === 'postgres')
    throw new ConfigError(
      'FIDES_LOG_KEY',
      'is required with DATABASE_URL: it signs the transparency log (openssl rand -base64 32)',
    )
  if (database.dataDir === null) return randomBytes(32)
  const file = join(dataDir, 'log-signing-key')
  const text = await privateFile(file, () => randomBytes(32).toString('base64') + '\n')
  const seed = parseOr(() => key({ K: text.trim() }, 'K'))
  if (!seed) throw new ConfigError('FIDES_DATA_DIR', `${file} is damaged: it must hold one base64 key`)
  return seed
}

/**
 * FIDES_WITNESSES: witnesses separated by commas or newlines, each "<submission URL> <verifier key>"
 * (a witness run with `fides witness serve` prints its key).
 */
function witnesses(env: Env): Witness[] {
  const raw = env.FIDES_WITNESSES ?? ''
  const list = raw
    .split(/[,\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '')
    .map((entry) => {
      const [url, verifierKey, extra] = entry.split(/\s+/)
      if (!url || !verifierKey || extra !== undefined || !/^https?:\/\//.test(url))
        throw new ConfigError('FIDES_WITNESSES', `each witness is "<http(s) URL> <verifier key>", got "${entry}"`)
      try {
        parseCosignerVerifierKey(verifierKey)
      } catch (error) {
        throw new ConfigError('FIDES_WITNESSES', `${url}: ${(error as Error).message}`)
      }
      return { url, verifierKey }
    })
  const names = list.map((w) => w.verifierKey.split('+')[0])
  if (new Set(names).size !== names.length) throw new ConfigError('FIDES_WITNESSES', 'two witnesses have the same name')
  return list
}

export async function loadConfig(env: Env = process.env): Promise<Readonly<Config>> {
  const dataDir = resolve(env.FIDES_DATA_DIR || './data')
  const url = env.DATABASE_URL
  let database: DatabaseConfig
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new ConfigError('DATABASE_URL', 'must start with postgres:// (leave it unset for the embedded database)')
    database = { kind: 'postgres', url, poolSize: integer(env, 'FIDES_DB_POOL_SIZE', 10, 1, 200) }
  } else {
    database = { kind: 'pglite', dataDir: env.FIDES_DATA_DIR === ':memory:' ? null : join(dataDir, 'pglite') }
  }
  const logLevel = env.FIDES_LOG_LEVEL || 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('FIDES_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  }
  const { keys, source } = await resolveKeys(env, database, dataDir)
  const origin = env.FIDES_LOG_ORIGIN || 'fides.localhost/log'
  if (/[\s+]/u.test(origin))
    throw new ConfigError('FIDES_LOG_ORIGIN', 'must be one word without spaces or "+", e.g. credit.example.gov.cn/log')
  const checkpointFile = env.FIDES_CHECKPOINT_FILE
    ? resolve(env.FIDES_CHECKPOINT_FILE)
    : env.FIDES_DATA_DIR === ':memory:'
      ? null
      : join(dataDir, 'log-checkpoints.jsonl')
  const log = {
    origin,
    signingSeed: await resolveLogSeed(env, database, dataDir),
    intervalMs: integer(env, 'FIDES_LOG_INTERVAL_MS', 1_000, 50, 60_000),
    checkpointFile,
    witnesses: Object.freeze(witnesses(env)),
  }
  const config: Config = {
    host: env.FIDES_HOST || '127.0.0.1',
    // FIDES_PORT, or PORT as hosting platforms set it
    port: integer(env, env.FIDES_PORT ? 'FIDES_PORT' : 'PORT', 8080, 0, 65535),
    database,
    dataDir,
    keys,
    keySource: source,
    catalogueFile: resolve(env.FIDES_CATALOGUE || 'catalogue/record-kinds.json'),
    listCatalogueFile: resolve(env.FIDES_LIST_CATALOGUE || 'catalogue/lists.json'),
    ratingModelFile: resolve(env.FIDES_RATING_MODEL || 'catalogue/models/enterprise-supervision.json'),
    protectedFeaturesFile: resolve(env.FIDES_PROTECTED_FEATURES || 'catalogue/protected-features.json'),
    holidaysFile: resolve(env.FIDES_HOLIDAYS || 'catalogue/holidays.json'),
    seedDemo: boolean(env, 'FIDES_DEMO', database.kind === 'pglite'),
    demoCredentialsFile: env.FIDES_DATA_DIR === ':memory:' ? null : join(dataDir, 'demo-credentials.txt'),
    logLevel: logLevel as Config['logLevel'],
    batchLimit: integer(env, 'FIDES_BATCH_LIMIT', 10_000, 1, 10_000),
    uploadMaxBytes: integer(env, 'FIDES_UPLOAD_MAX_BYTES', 1024 ** 3, 1, 64 * 1024 ** 3),
    // with nothing kept on disk (':memory:'), a directory of this process's own: its spool files die with it
    spoolDir: env.FIDES_SPOOL_DIR
      ? resolve(env.FIDES_SPOOL_DIR)
      : env.FIDES_DATA_DIR === ':memory:'
        ? join(tmpdir(), `fides-spool-${process.pid}-${randomBytes(6).toString('hex')}`)
        : join(dataDir, 'spool'),
    rateLimitPerMinute: integer(env, 'FIDES_RATE_LIMIT', 6_000, 1, 10_000_000),
    trustProxy: proxies(env, 'FIDES_TRUST_PROXY'),
    operator: env.FIDES_OPERATOR || env.USER || 'operator',
    log,
    maintenance: {
      intervalMs: integer(env, 'FIDES_MAINTAIN_INTERVAL_MS', 3_600_000, 1_000, 86_400_000),
      webhookIntervalMs: integer(env, 'FIDES_WEBHOOK_INTERVAL_MS', 5_000, 100, 3_600_000),
    },
    ratingIntervalMs: integer(env, 'FIDES_RATING_INTERVAL_MS', 10_000, 0, 86_400_000),
  }
  Object.freeze(config.trustProxy)
  Object.freeze(config.maintenance)
  Object.freeze(config.keys)
  Object.freeze(config.database)
  Object.freeze(config.log)
  return Object.freeze(config)
}
