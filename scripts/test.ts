/**
 * `npm test`: makes sure PostgreSQL is there (installs and starts it when missing), type-checks,
 * lints, then runs the whole suite on both engines (PostgreSQL and the embedded PGlite).
 * Everything CI needs is installed or started from here, so a clean clone passes.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import pg from 'pg'

const ADMIN_URL = process.env.FIDES_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

function sh(command: string, args: string[], options: SpawnSyncOptions = {}): number {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  return result.status ?? 1
}

async function canConnect(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

async function ensurePostgres(): Promise<void> {
  if (await canConnect()) return
  if (!existsSync('/etc/postgresql')) {
    console.log('PostgreSQL is not installed: installing it from Debian packages...')
    if (
      sh('apt-get', ['update', '-qq']) !== 0 ||
      sh('apt-get', ['install', '-y', '-qq', 'postgresql'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }) !== 0
    ) {
      throw new Error('could not install PostgreSQL with apt-get')
    }
  }
  for (const version of readdirSync('/etc/postgresql')) {
    console.log(`starting PostgreSQL ${version}...`)
    sh('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'])
  }
  for (let i = 0; i < 30; i++) {
    if (await canConnect()) return
    await new Promise((r) => setTimeout(r, 1_000))
  }
  throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}`)
}

/** The browser tests drive Debian's Chromium; fonts-noto-cjk lets it draw the Chinese pages. */
function ensureChromium(): void {
  const chromium = process.env.FIDES_CHROMIUM ?? '/usr/bin/chromium'
  const fonts = existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')
  if (existsSync(chromium) && fonts) return
  console.log('Chromium or the CJK fonts are missing: installing chromium and fonts-noto-cjk from Debian packages...')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (
    sh('apt-get', ['update', '-qq'], { env }) !== 0 ||
    sh('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { env }) !== 0
  ) {
    throw new Error('could not install chromium and fonts-noto-cjk with apt-get (the browser tests need them)')
  }
}

const steps: [string, string[]][] = [
  ['typecheck', ['node_modules/typescript/bin/tsc', '--noEmit']],
  ['lint', ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']],
  // the formatter's check: a file not as `npm run format` writes it fails (biome.json)
  ['format', ['node_modules/@biomejs/biome/bin/biome', 'format', '.']],
]

await ensurePostgres()
ensureChromium()
for (const [name, args] of steps) {
  const started = performance.now()
  const status = sh(process.execPath, args)
  console.log(`${name}: ${status === 0 ? 'ok' : 'FAILED'} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  if (status !== 0) process.exit(status)
}
const patterns = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src/**/*.test.ts', 'test/**/*.test.ts']
const status = sh(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...patterns], {
  env: { ...process.env, FIDES_TEST_DATABASE_URL: ADMIN_URL, FIDES_LOG_LEVEL: 'silent' },
})
process.exit(status)
