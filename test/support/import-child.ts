/**
 * A server process for crash tests (test/imports-recovery.test.ts): builds the app on the PostgreSQL
 * database and keys of the environment (as src/server.ts does), then sends it uploads and stays up until
 * it is killed. FIDES_CHILD_MODE=run: the file FIDES_CHILD_FILE is uploaded FIDES_CHILD_UPLOADS times, and
 * each job's id printed on its line as it is accepted; =receive: the first half of the file is sent and the
 * rest never comes. With the API key FIDES_CHILD_KEY.
 */
import { readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/database.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'

const env = process.env
const config = await loadConfig(env)
const database = await openDatabase(config.database)
const catalogue = await activateCatalogue(database, systemClock, config.catalogueFile)
const app = await buildApp({ config, database, clock: systemClock, catalogue }, { logger: false })
const file = await readFile(env.FIDES_CHILD_FILE!)
const headers = { authorization: `Bearer ${env.FIDES_CHILD_KEY}`, 'content-type': 'text/csv' }
if (env.FIDES_CHILD_MODE === 'receive') {
  // a body that stops half way and never ends: the server is killed while it receives
  const body = new Readable({ read() {} })
  body.push(file.subarray(0, file.length >> 1))
  void app.inject({ method: 'POST', url: '/v1/imports', headers, payload: body })
  process.stdout.write('receiving\n')
} else {
  for (let i = 0; i < Number(env.FIDES_CHILD_UPLOADS ?? 1); i++) {
    const res = await app.inject({ method: 'POST', url: '/v1/imports', headers, payload: file })
    if (res.statusCode !== 202) throw new Error(res.body)
    process.stdout.write(`${(JSON.parse(res.body) as { jobId: string }).jobId}\n`)
  }
}
setInterval(() => {}, 60_000)
