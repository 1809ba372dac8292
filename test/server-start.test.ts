import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const listening = (server: Server, port = 0) =>
  new Promise<number>((resolve) =>
    server.listen({ host: '127.0.0.1', port }, () => resolve((server.address() as { port: number }).port)),
  )
const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))
const env = (dataDir: string, port: number) => ({
  ...process.env,
  FIDES_DATA_DIR: dataDir,
  FIDES_HOST: '127.0.0.1',
  FIDES_PORT: String(port),
  FIDES_LOG_LEVEL: 'silent',
  DATABASE_URL: '',
  FIDES_DEMO: '1',
})

test('a taken port: one clear line and a non-zero exit, before any demo data is seeded', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fides-port-'))
  const squatter = createServer()
  const port = await listening(squatter)
  try {
    const r = spawnSync(process.execPath, ['src/server.ts'], {
      encoding: 'utf8',
      env: env(dataDir, port),
      timeout: 240_000,
    })
    assert.notEqual(r.status, 0)
    assert.equal(
      r.stderr,
      `Fides cannot start: port ${port} on 127.0.0.1 is in use by another program: stop it, or set FIDES_PORT to another port\n`,
    )
    assert.ok(!(await readdir(dataDir)).includes('pglite'), 'no database was opened, nothing seeded')
  } finally {
    await closed(squatter)
    await rm(dataDir, { recursive: true, force: true })
  }
})

test('the demo credentials are kept in the data directory (0600) and `fides demo credentials` prints them again', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fides-demo-'))
  const probe = createServer()
  const port = await listening(probe)
  await closed(probe)
  try {
    const none = spawnSync(process.execPath, ['src/cli/main.ts', 'demo', 'credentials'], {
      encoding: 'utf8',
      env: env(dataDir, port),
    })
    assert.equal(none.status, 1)
    assert.match(none.stderr, /^fides: no demo credentials in .*demo-credentials\.txt/)

    const server = spawn(process.execPath, ['src/server.ts'], {
      env: env(dataDir, port),
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    await new Promise<void>((resolve, reject) => {
      server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
        if (stderr.includes('Fides is running')) resolve()
      })
      void exited.then((code) => reject(new Error(`the server stopped (${code}): ${stderr}`)))
    })
    server.kill('SIGTERM')
    await exited
    const file = join(dataDir, 'demo-credentials.txt')
    assert.equal((await stat(file)).mode & 0o777, 0o600)
    const kept = await readFile(file, 'utf8')
    assert.match(kept, /officer key: fides_[A-Za-z0-9]+_[A-Za-z0-9_-]+/)
    assert.ok(stderr.includes(kept), 'what was printed at start is what is kept')
    const again = spawnSync(process.execPath, ['src/cli/main.ts', 'demo', 'credentials'], {
      encoding: 'utf8',
      env: env(dataDir, port),
    })
    assert.equal(again.status, 0, again.stderr)
    assert.equal(again.stdout, kept)
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
})
