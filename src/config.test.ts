import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig } from './config.ts'

const key = Buffer.alloc(32, 7).toString('base64')

async function refusal(env: Record<string, string>): Promise<string> {
  try {
    await loadConfig(env)
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error))
    return error.variable
  }
  assert.fail('the configuration was accepted')
}

test('invalid configuration names the variable at fault', async () => {
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_PORT: 'eighty' }), 'FIDES_PORT')
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_PORT: '70000' }), 'FIDES_PORT')
  assert.equal(await refusal({ DATABASE_URL: 'mysql://localhost/fides' }), 'DATABASE_URL')
  assert.equal(await refusal({ DATABASE_URL: 'postgres://localhost/fides' }), 'FIDES_ENCRYPTION_KEY')
  assert.equal(
    await refusal({
      DATABASE_URL: 'postgres://localhost/fides',
      FIDES_ENCRYPTION_KEY: key,
      FIDES_INDEX_KEY: 'c2hvcnQ=',
    }),
    'FIDES_INDEX_KEY',
  )
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_ENCRYPTION_KEY: key }), 'FIDES_INDEX_KEY')
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_LOG_LEVEL: 'loud' }), 'FIDES_LOG_LEVEL')
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_DEMO: 'yes' }), 'FIDES_DEMO')
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_BATCH_LIMIT: '20000' }), 'FIDES_BATCH_LIMIT')
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_TRUST_PROXY: 'true' }), 'FIDES_TRUST_PROXY')
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_TRUST_PROXY: '10.0.0.0/33' }), 'FIDES_TRUST_PROXY')
  assert.equal(
    await refusal({ DATABASE_URL: 'postgres://localhost/fides', FIDES_ENCRYPTION_KEY: key, FIDES_INDEX_KEY: key }),
    'FIDES_LOG_KEY',
  )
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_LOG_ORIGIN: 'two words' }), 'FIDES_LOG_ORIGIN')
  assert.equal(
    await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_WITNESSES: 'http://127.0.0.1:7380' }),
    'FIDES_WITNESSES',
  )
  // a log's key (type 0x01) is not a witness's cosigning key (type 0x04)
  assert.equal(
    await refusal({
      FIDES_DATA_DIR: ':memory:',
      FIDES_WITNESSES: 'http://127.0.0.1:7380 w1+f4acd7d6+AZ4Lp1rPlhnpK2JMGwNS5RntLhTpmcyNSSiXG5k8UIBW',
    }),
    'FIDES_WITNESSES',
  )
})

test('witnesses are read as "<URL> <verifier key>" separated by commas; the checkpoint file defaults to the data directory', async () => {
  const { cosignerKeyFromSeed, cosignerVerifierKey } = await import('./modules/transparency/index.ts')
  const keys = [1, 2].map((n) => cosignerVerifierKey(cosignerKeyFromSeed(`w${n}.test`, Buffer.alloc(32, n))))
  const config = await loadConfig({
    FIDES_DATA_DIR: '/srv/fides',
    FIDES_LOG_KEY: key,
    FIDES_ENCRYPTION_KEY: key,
    FIDES_INDEX_KEY: key,
    FIDES_WITNESSES: `http://a:1 ${keys[0]}, https://b/w ${keys[1]}`,
  })
  assert.deepEqual(config.log.witnesses, [
    { url: 'http://a:1', verifierKey: keys[0] },
    { url: 'https://b/w', verifierKey: keys[1] },
  ])
  assert.equal(config.log.checkpointFile, '/srv/fides/log-checkpoints.jsonl')
  assert.equal(
    await refusal({ FIDES_DATA_DIR: ':memory:', FIDES_WITNESSES: `http://a:1 ${keys[0]},http://b:1 ${keys[0]}` }),
    'FIDES_WITNESSES',
  )
})

test('the configuration is frozen, PostgreSQL comes from DATABASE_URL, and demo data defaults to the embedded database', async () => {
  const pgConfig = await loadConfig({
    DATABASE_URL: 'postgres://u@h:5432/d',
    FIDES_ENCRYPTION_KEY: key,
    FIDES_INDEX_KEY: key,
    FIDES_LOG_KEY: key,
  })
  assert.ok(Object.isFrozen(pgConfig))
  assert.deepEqual(pgConfig.database, { kind: 'postgres', url: 'postgres://u@h:5432/d', poolSize: 10 })
  assert.equal(pgConfig.seedDemo, false)
  assert.equal(pgConfig.keySource, 'environment')
  assert.throws(() => {
    ;(pgConfig as { port: number }).port = 1
  })
  const embedded = await loadConfig({ FIDES_DATA_DIR: ':memory:' })
  assert.equal(embedded.database.kind, 'pglite')
  assert.equal(embedded.seedDemo, true)
  assert.equal(embedded.port, 8080)
})

test('the embedded database gets a key file, private to its owner, generated once and reused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fides-config-'))
  const first = await loadConfig({ FIDES_DATA_DIR: dir })
  const second = await loadConfig({ FIDES_DATA_DIR: dir })
  assert.equal(first.keySource, 'key-file')
  assert.deepEqual(second.keys.encryption, first.keys.encryption)
  assert.deepEqual(second.keys.index, first.keys.index)
  assert.notDeepEqual(first.keys.encryption, first.keys.index)
  assert.equal((await stat(join(dir, 'keys.json'))).mode & 0o777, 0o600)
  assert.match(await readFile(join(dir, 'keys.json'), 'utf8'), /"encryption"/)
  assert.deepEqual(second.log.signingSeed, first.log.signingSeed)
  assert.equal((await stat(join(dir, 'log-signing-key'))).mode & 0o777, 0o600)
  // a damaged key file stops start-up, naming the data directory; it is never replaced
  await writeFile(join(dir, 'log-signing-key'), 'not a key\n')
  assert.equal(await refusal({ FIDES_DATA_DIR: dir }), 'FIDES_DATA_DIR')
  assert.equal(await readFile(join(dir, 'log-signing-key'), 'utf8'), 'not a key\n')
  await writeFile(join(dir, 'keys.json'), '{"encryption": 1')
  assert.equal(await refusal({ FIDES_DATA_DIR: dir }), 'FIDES_DATA_DIR')
})

test('the port comes from FIDES_PORT, else from PORT, else 8080', async () => {
  assert.equal((await loadConfig({ FIDES_DATA_DIR: ':memory:', PORT: '18099' })).port, 18099)
  assert.equal((await loadConfig({ FIDES_DATA_DIR: ':memory:', PORT: '18099', FIDES_PORT: '9000' })).port, 9000)
  assert.equal((await loadConfig({ FIDES_DATA_DIR: ':memory:' })).port, 8080)
  assert.equal(await refusal({ FIDES_DATA_DIR: ':memory:', PORT: 'eighty' }), 'PORT')
})

test('the trusted proxies are a list of addresses and ranges; none by default', async () => {
  assert.deepEqual((await loadConfig({ FIDES_DATA_DIR: ':memory:' })).trustProxy, [])
  assert.deepEqual(
    (await loadConfig({ FIDES_DATA_DIR: ':memory:', FIDES_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' })).trustProxy,
    ['127.0.0.1', '10.0.0.0/8', '::1'],
  )
})
