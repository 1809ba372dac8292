/**
 * Uploads that outlive a crash (issue 16: 6). A server process is killed while it imports and while it
 * receives; at no moment does its spool directory hold an identity number in clear, and the next start
 * resumes the job from its sealed file or stores it as interrupted, and deletes what no job owns.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { sql } from 'kysely'
import type { Database } from '../src/db/database.ts'
import { createStaffAccount } from '../src/modules/access/index.ts'
import { appliesToPersons } from '../src/modules/catalogue/index.ts'
import { importsIdle, recoverImports, type ImportsContext } from '../src/modules/imports/index.ts'
import { spoolPath, writeSpool } from '../src/modules/imports/imports.spool.ts'
import { createTestDatabase, describeEachEngine } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, recordsContext, recordsCsv, testApp } from './support/context.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

async function personsFile(ctx: Awaited<ReturnType<typeof recordsContext>>, lines: number) {
  const kind = kindWhere(ctx.catalogue, (k) => appliesToPersons(k) && k.category === 'administrative_penalties')
  const source = await makeSource(ctx, [kind.code])
  const ids = Array.from({ length: lines }, () => newResidentId())
  // every 1000th line is bad (a month 13): the rejects must be listed once, however many runs the job takes
  const csv = recordsCsv(
    kind,
    ids.map((id, i) => ({
      source_record_id: `P-${i}`,
      uscc: '',
      resident_id: id,
      subject_name: '李娜',
      ...(i % 1000 === 999 ? { decided_on: '2026-13-01' } : {}),
    })),
  )
  return { kind, source, ids, csv, bad: Math.floor(lines / 1000) }
}

/** What must never be on disk in clear: identity numbers, a name, the file's header. */
function clearTextIn(bytes: Buffer, ids: readonly string[]): string | undefined {
  return [ids[0]!, ids[Math.floor(ids.length / 2)]!, ids[ids.length - 1]!, '李娜', 'source_record_id'].find((s) =>
    bytes.includes(s),
  )
}

const jobRow = async (database: Database, jobId: string) =>
  (
    await sql<Json>`SELECT status, attempt, error, accepted, unchanged, rejected FROM import_jobs WHERE job_id = ${jobId}`.execute(
      database.db,
    )
  ).rows[0]
const actions = async (database: Database, jobId: string) =>
  (
    await sql<{
      action: string
      actor_type: string
    }>`SELECT action, actor_type FROM audit_events WHERE object_id = ${jobId} ORDER BY seq`.execute(database.db)
  ).rows.map((r) => `${r.action} by ${r.actor_type}`)

test('a server killed while it imports and while it receives: nothing in clear on disk, and the next start resumes the whole file or stores the job interrupted, and sweeps the rest', {
  timeout: 240_000,
}, async () => {
  const tdb = await createTestDatabase('postgres')
  const spoolDir = await mkdtemp(join(tmpdir(), 'fides-crash-'))
  const children: ChildProcess[] = []
  try {
    const ctx = await recordsContext(tdb.database, new Date().toISOString())
    const { source, ids, csv, bad } = await personsFile(ctx, 20_000)
    const file = join(spoolDir, '..', `${spoolDir.split('/').pop()}.csv`)
    await writeFile(file, csv)
    const env = {
      ...process.env,
      DATABASE_URL: tdb.url!,
      FIDES_ENCRYPTION_KEY: ctx.keys.encryption.toString('base64'),
      FIDES_INDEX_KEY: ctx.keys.index.toString('base64'),
      FIDES_LOG_KEY: randomBytes(32).toString('base64'),
      FIDES_SPOOL_DIR: join(spoolDir, 'spool'),
      FIDES_LOG_LEVEL: 'silent',
      FIDES_DEMO: 'false',
      FIDES_CHILD_FILE: file,
      FIDES_CHILD_KEY: source.apiKey,
    }
    const dir = env.FIDES_SPOOL_DIR
    const leaks: string[] = []
    /** Reads every spool file until `until` says so, looking for clear text, and checks the modes. */
    const watch = async (until: (files: string[]) => Promise<boolean> | boolean) => {
      for (let i = 0; i < 6_000; i++) {
        const names = await readdir(dir).catch(() => [] as string[])
        for (const name of names) {
          const bytes = await readFile(join(dir, name)).catch(() => undefined)
          const found = bytes && clearTextIn(bytes, ids)
          if (found) leaks.push(`${name}: ${found}`)
          const mode = await stat(join(dir, name)).then(
            (s) => s.mode & 0o777,
            () => 0o600,
          )
          assert.equal(mode, 0o600, `${name} is private`)
        }
        if (names.length > 0) assert.equal((await stat(dir)).mode & 0o777, 0o700)
        if (await until(names)) return
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      throw new Error('the child never got there')
    }
    const child = (mode: string, uploads = 1) => {
      const c = spawn(process.execPath, ['test/support/import-child.ts'], {
        env: { ...env, FIDES_CHILD_MODE: mode, FIDES_CHILD_UPLOADS: String(uploads) },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      children.push(c)
      let out = ''
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
      })
      return { c, lines: () => out.split('\n').filter((l) => l !== '') }
    }
    const kill = async (c: ChildProcess) => {
      const exited = new Promise((resolve) => c.once('exit', resolve))
      c.kill('SIGKILL')
      await exited
    }

    // killed while importing two uploads, once both are accepted
    const importing = child('run', 2)
    await watch(() => importing.lines().length === 2)
    await kill(importing.c)
    const [resumable, damaged] = importing.lines() as [string, string]
    for (const jobId of [resumable, damaged])
      assert.equal((await jobRow(tdb.database, jobId))?.status, 'running', 'killed before it finished')
    // killed while receiving a third: a spool file that belongs to no job
    const receiving = child('receive')
    const before = new Set(await readdir(dir))
    await watch(async (names) => {
      const fresh = names.filter((n) => !before.has(n))
      return fresh.length === 1 && receiving.lines().length === 1 && (await stat(join(dir, fresh[0]!))).size > 100_000
    })
    await kill(receiving.c)
    await watch(() => true)
    assert.deepEqual(leaks, [], 'no clear text in the spool directory at any moment')
    const orphan = (await readdir(dir)).find((n) => !n.startsWith(resumable) && !n.startsWith(damaged))!
    assert.ok(orphan, 'the half-received file is there')

    // the damaged job's file has a byte changed; the orphan was last written two minutes ago
    const damagedFile = await readFile(spoolPath(dir, damaged))
    damagedFile[damagedFile.length >> 1] = damagedFile[damagedFile.length >> 1]! ^ 1
    await writeFile(spoolPath(dir, damaged), damagedFile)
    await utimes(join(dir, orphan), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000))

    // the next start, once the dead jobs' heartbeat has lapsed
    ctx.clock.set(new Date(Date.now() + 61_000))
    const imports: ImportsContext = { ...ctx, spoolDir: dir }
    const recovery = await recoverImports(imports)
    assert.deepEqual([recovery.resumed, recovery.interrupted, recovery.swept], [[resumable], [damaged], 1])
    await importsIdle(tdb.database)

    const done = await jobRow(tdb.database, resumable)
    assert.deepEqual(
      [done?.status, done?.attempt, done?.accepted + done?.unchanged, done?.rejected],
      ['done', 2, ids.length - bad, bad],
      'every good line stored, every bad one listed',
    )
    const rejects = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM import_rejects WHERE job_id = ${resumable}`.execute(tdb.database.db)
    assert.equal(rejects.rows[0]!.n, bad, 'each reject once')
    const stored = await sql<{
      n: number
      records: number
      versions: number
    }>`SELECT count(*)::int AS n, count(DISTINCT source_record_id)::int AS records, max(version)::int AS versions FROM records WHERE source_id = ${source.sourceId}`.execute(
      tdb.database.db,
    )
    assert.deepEqual(
      stored.rows[0],
      { n: ids.length - bad, records: ids.length - bad, versions: 1 },
      'each good line stored once, nothing half-written',
    )
    assert.deepEqual(await actions(tdb.database, resumable), [
      'import.started by source',
      'import.resumed by source',
      'import.finished by source',
    ])

    const interrupted = await jobRow(tdb.database, damaged)
    assert.deepEqual([interrupted?.status, interrupted?.attempt], ['interrupted', 1])
    assert.deepEqual(await actions(tdb.database, damaged), ['import.started by source', 'import.interrupted by system'])
    const event =
      await sql<Json>`SELECT payload FROM audit_events WHERE object_id = ${damaged} AND action = 'import.interrupted'`.execute(
        tdb.database.db,
      )
    assert.equal(event.rows[0]!.payload.reason, 'spool_unreadable')
    assert.deepEqual(await readdir(dir), [], 'no spool file left')

    const app = await testApp(ctx)
    const seen = JSON.parse(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/imports/${damaged}`,
          headers: { authorization: `Bearer ${source.apiKey}` },
        })
      ).body,
    ) as Json
    assert.equal(seen.status, 'interrupted')
    await app.close()
    assert.deepEqual(
      await recoverImports(imports),
      { resumed: [], interrupted: [], swept: 0 },
      'a second recovery finds nothing to do',
    )
    await rm(file, { force: true })
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await rm(spoolDir, { recursive: true, force: true })
    await tdb.drop()
  }
})

describeEachEngine('import recovery in the server', (db) => {
  async function setup() {
    const ctx = await recordsContext(db(), '2026-12-01T02:00:00Z')
    const spoolDir = await mkdtemp(join(tmpdir(), 'fides-recovery-'))
    const imports: ImportsContext = { ...ctx, spoolDir }
    const { kind, source, ids, csv, bad } = await personsFile(ctx, 1_500)
    /** a job as a killed server leaves it: running, last updated `ago` ms back, with (or without) its spool file */
    const leftRunning = async (options: { ago: number; attempt?: number; spooled?: boolean }) => {
      const jobId = randomBytes(16)
        .toString('hex')
        .replace(/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/, '$1-$2-4$3-8$4-$5')
      const bytes =
        options.spooled === false
          ? Buffer.byteLength(csv)
          : await writeSpool(
              Readable.from([Buffer.from(csv)]),
              spoolPath(spoolDir, jobId),
              ctx.keys.encryption,
              jobId,
              1 << 30,
            )
      const at = new Date(ctx.clock.now().getTime() - options.ago).toISOString()
      await sql`INSERT INTO import_jobs (job_id, source_id, uploaded_by, file_name, format, bytes_total, bytes_read, status, attempt, started_at, updated_at)
        VALUES (${jobId}, ${source.sourceId}, 'test', 'penalties.csv', 'csv', ${bytes}, 100, 'running', ${options.attempt ?? 1}, ${at}, ${at})`.execute(
        db().db,
      )
      return jobId
    }
    return { ctx, imports, spoolDir, kind, source, ids, bad, leftRunning }
  }

  test('a job whose process died is resumed from its sealed spool file and imports the whole file once; a job still beating is left alone', async () => {
    const { imports, spoolDir, ids, bad, leftRunning } = await setup()
    const dead = await leftRunning({ ago: 61_000 })
    const alive = await leftRunning({ ago: 30_000 })
    assert.equal(clearTextIn(await readFile(spoolPath(spoolDir, dead)), ids), undefined, 'sealed on disk')
    const recovery = await recoverImports(imports)
    assert.deepEqual([recovery.resumed, recovery.interrupted, recovery.swept], [[dead], [], 0])
    await importsIdle(db())
    const done = await jobRow(db(), dead)
    assert.deepEqual([done?.status, done?.attempt, done?.accepted, done?.rejected], ['done', 2, ids.length - bad, bad])
    assert.deepEqual(await actions(db(), dead), ['import.resumed by source', 'import.finished by source'])
    assert.equal((await jobRow(db(), alive))?.status, 'running', "another process's job, still updated, is not taken")
    assert.deepEqual(await readdir(spoolDir), [`${alive}.spool`], "the finished job's file went; the live one's stays")
    await rm(spoolDir, { recursive: true, force: true })
  })

  test('a job without its spool file, or past its runs, is stored interrupted; its source reads that in words on the portal, in Chinese and in English', async () => {
    const { ctx, imports, spoolDir, source, leftRunning } = await setup()
    const lost = await leftRunning({ ago: 61_000, spooled: false })
    const tried = await leftRunning({ ago: 61_000, attempt: 3 })
    const recovery = await recoverImports(imports)
    assert.deepEqual([recovery.resumed, new Set(recovery.interrupted)], [[], new Set([lost, tried])])
    for (const [jobId, reason] of [
      [lost, 'no_spool_file'],
      [tried, 'too_many_attempts'],
    ] as const) {
      assert.equal((await jobRow(db(), jobId))?.status, 'interrupted')
      const events = await sql<Json>`SELECT action, payload FROM audit_events WHERE object_id = ${jobId}`.execute(
        db().db,
      )
      assert.deepEqual(
        events.rows.map((e) => [e.action, e.payload.reason]),
        [['import.interrupted', reason]],
      )
    }
    assert.deepEqual(await readdir(spoolDir), [], 'the file of the job past its runs is deleted')

    const app = await testApp(ctx)
    const username = `clerk.${source.sourceId.slice(0, 8)}`
    const { password } = await createStaffAccount(
      db(),
      ctx.clock,
      { type: 'operator', id: 'test' },
      { username, displayName: '录入员', role: 'source', sourceName: source.name },
    )
    const cookiesOf = (res: { headers: Record<string, unknown> }) =>
      ([] as string[])
        .concat((res.headers['set-cookie'] ?? []) as string[])
        .map((c) => c.split(';')[0])
        .filter((c) => !/=$/.test(c!))
        .join('; ')
    const form = await app.inject({ method: 'GET', url: '/signin' })
    const token = /name="signin" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const signedIn = await app.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ signin: token, username, password }).toString(),
    })
    const cookie = `${cookiesOf(form)}; ${cookiesOf(signedIn)}`
    const zh = await app.inject({
      method: 'GET',
      url: `/source/imports/${lost}`,
      headers: { cookie: `${cookie}; fides_lang=zh` },
    })
    assert.equal(zh.statusCode, 200, zh.body)
    assert.match(zh.body, /id="job-status">已中断（可重新上传，已存记录不会重复）</)
    const zhText = zh.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')
    assert.doesNotMatch(zhText, /interrupted|server stopped/, 'no code and no English words on the Chinese page')
    const en = await app.inject({
      method: 'GET',
      url: `/source/imports/${lost}`,
      headers: { cookie: `${cookie}; fides_lang=en` },
    })
    assert.match(en.body, /id="job-status">interrupted \(upload it again: stored records are not repeated\)</)
    const list = await app.inject({ method: 'GET', url: '/source', headers: { cookie: `${cookie}; fides_lang=zh` } })
    assert.match(list.body, /已中断/)
    await app.close()
    await rm(spoolDir, { recursive: true, force: true })
  })

  test("the sweep deletes spool files no running job owns: a finished job's at once, a jobless one once it has not been written for a minute", async () => {
    const { imports, spoolDir, leftRunning } = await setup()
    const finished = await leftRunning({ ago: 1_000 })
    await sql`UPDATE import_jobs SET status = 'done', finished_at = updated_at WHERE job_id = ${finished}`.execute(
      db().db,
    )
    const beating = await leftRunning({ ago: 1_000 })
    const old = spoolPath(spoolDir, '0f0f0f0f-0000-4000-8000-000000000001')
    const fresh = spoolPath(spoolDir, '0f0f0f0f-0000-4000-8000-000000000002')
    await writeFile(old, 'x', { mode: 0o600 })
    await writeFile(fresh, 'x', { mode: 0o600 })
    await utimes(old, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000))
    await writeFile(join(spoolDir, 'not-ours.txt'), 'x')
    const recovery = await recoverImports(imports)
    assert.equal(recovery.swept, 2)
    assert.deepEqual(
      (await readdir(spoolDir)).sort(),
      [`${beating}.spool`, '0f0f0f0f-0000-4000-8000-000000000002.spool', 'not-ours.txt'].sort(),
    )
    await rm(spoolDir, { recursive: true, force: true })
  })
})
