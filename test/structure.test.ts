/**
 * The house in order, kept so: one home per rule (a time limit the code keeps is set once, in
 * src/modules/catalogue/time-limits.ts, and every date and text that tells it is built from it, so
 * changing it is a one-line change plus the test of its dates; audit events through platform/audit.ts),
 * one owner per table (SQL naming a table is in its owner's repository), and one shape per module (a
 * module that serves routes declares who may call them in its policy file).
 */
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { owner, type Schema } from '../src/db/schema.ts'
import { OBJECTION_ANSWER_DAYS } from '../src/modules/catalogue/index.ts'
import { answerDueOn } from '../src/modules/objections/index.ts'
import { addDays } from '../src/platform/calendar.ts'
import { t } from '../src/portal/i18n.ts'

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
}

test('the objection answer period is set once: the due date and every text that tells it come from it', async () => {
  assert.equal(answerDueOn('2026-12-01'), addDays('2026-12-01', OBJECTION_ANSWER_DAYS))
  for (const key of ['howToObject', 'objectionFiled'] as const) {
    assert.ok(t('zh', key).includes(`${OBJECTION_ANSWER_DAYS}日`), t('zh', key))
    assert.ok(t('en', key).includes(`${OBJECTION_ANSWER_DAYS} days`), t('en', key))
  }
  // nowhere else is the period written out, as a number of days or as an ISO duration
  const spelled = new RegExp(`(?<![\\d.])${OBJECTION_ANSWER_DAYS}\\s?(?:days?|日|天)|P${OBJECTION_ANSWER_DAYS}D`)
  const found: string[] = []
  for (const file of await sourceFiles('src')) {
    if (file.endsWith('time-limits.ts')) continue
    const text = await readFile(file, 'utf8')
    for (const [i, line] of text.split('\n').entries())
      if (spelled.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`)
  }
  assert.deepEqual(found, [], 'the answer period is written out here instead of taken from OBJECTION_ANSWER_DAYS')
})

test('audit events are written only through platform/audit.ts, whose payloads are typed per action', async () => {
  const raw: string[] = []
  for (const file of await sourceFiles('src')) {
    if (file === join('src', 'platform', 'audit.ts')) continue
    const text = await readFile(file, 'utf8')
    if (/INSERT\s+INTO\s+audit_events|insertInto\(\s*['"]audit_events['"]/i.test(text)) raw.push(file)
  }
  assert.deepEqual(raw, [])
})

test('a module with routes declares its policy in <module>.policy.ts, and its routes file declares none', async () => {
  const problems: string[] = []
  for (const module of await readdir('src/modules')) {
    const files = await readdir(join('src/modules', module))
    const routes = files.filter((f) => f.endsWith('.routes.ts'))
    if (routes.length === 0) continue
    if (!files.includes(`${module}.policy.ts`)) problems.push(`${module}: no ${module}.policy.ts`)
    for (const file of routes) {
      if (/satisfies Record<string, Policy>/.test(await readFile(join('src/modules', module, file), 'utf8')))
        problems.push(`${module}/${file} declares a policy`)
    }
  }
  assert.deepEqual(problems, [])
})

/**
 * Statements that must name tables of several owners in one statement, each for a reason; nowhere
 * else may SQL name a table outside its owner's repository (src/db/schema.ts, `owner`).
 */
const SPANNING: Record<string, { tables: readonly (keyof Schema)[]; reason: string }> = {
  'src/modules/retention/retention.repository.ts': {
    tables: ['records', 'subjects', 'objections', 'notices'],
    reason:
      "the erasure pass changes a run of records, the words of the objections against them and the subjects' notices in one statement, so a pass stopped anywhere leaves whole runs done",
  },
  'src/modules/records/records.repository.ts': {
    tables: ['objections'],
    reason:
      'how a record is shown depends on the objections against it, read with it (the credit file is one statement: subject, current versions, objections; listObjectionFacts); objections import records, so records cannot import a piece of theirs without a cycle',
  },
  'src/modules/transparency/transparency.repository.ts': {
    tables: ['audit_events'],
    reason:
      'the transparency log is the audit trail in commit order: the sequencer and the checks read events beside the leaves they became',
  },
}

/** The tables a file's SQL names: query builders (selectFrom, insertInto, updateTable, deleteFrom, joins, copyFrom) and raw SQL in any case (FROM, JOIN, INTO, UPDATE, USING). */
function tablesNamedIn<T extends string>(text: string, tables: readonly T[]): Set<T> {
  const names = tables.join('|')
  const builder = new RegExp(
    `\\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|copyFrom)\\(\\s*\\[?\\s*['"\`](${names})(?:\\s+as\\s+\\w+)?['"\`]`,
    'g',
  )
  const raw = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|USING)\\s+(?:ONLY\\s+)?(${names})\\b`, 'gi')
  return new Set([...text.matchAll(builder), ...text.matchAll(raw)].map((m) => m[1]!.toLowerCase() as T))
}

test("SQL naming a table is only in its owner's repository, or in one of the few statements listed as spanning owners", async () => {
  const tables = Object.keys(owner) as (keyof Schema)[]
  const strays: string[] = []
  for (const file of await sourceFiles('src')) {
    // the schema's own code (migrations create the tables; the Citus check reads the catalogue) owns none of them
    if (file.startsWith(join('src', 'db'))) continue
    const text = await readFile(file, 'utf8')
    for (const table of tablesNamedIn(text, tables)) {
      const home = join('src', owner[table])
      const owned = home.endsWith('.ts')
        ? file === home
        : file.startsWith(home + '/') && file.endsWith('.repository.ts')
      if (!owned && !SPANNING[file]?.tables.includes(table))
        strays.push(`${file} names ${table} (owner: ${owner[table]})`)
    }
  }
  assert.deepEqual(strays, [])
  // and no exception outlives its reason
  for (const [file, { tables: spanned }] of Object.entries(SPANNING)) {
    const named = tablesNamedIn(await readFile(file, 'utf8'), spanned)
    assert.deepEqual(
      spanned.filter((t) => !named.has(t)),
      [],
      `${file} no longer spans these: drop them from SPANNING`,
    )
  }
})

test('the scan for table names finds them however the SQL is written', () => {
  const tables = ['records', 'objections', 'list_entries', 'subjects', 'notices', 'ratings']
  assert.deepEqual(
    [
      ...tablesNamedIn(
        "db.selectFrom('records as r').innerJoin('subjects as s', 's.subject_id', 'r.subject_id')",
        tables,
      ),
    ].sort(),
    ['records', 'subjects'],
  )
  assert.deepEqual(
    [...tablesNamedIn('sql`UPDATE list_entries e SET x = 1 FROM objections o JOIN notices n ON true`', tables)].sort(),
    ['list_entries', 'notices', 'objections'],
  )
  assert.deepEqual(
    [...tablesNamedIn("tx.copyFrom('ratings', cols); INSERT INTO notices (a) SELECT 1", tables)].sort(),
    ['notices', 'ratings'],
  )
  assert.deepEqual(
    [...tablesNamedIn('sql`select 1 from subjects s left join Records r using (subject_id)`', tables)].sort(),
    ['records', 'subjects'],
  )
  // a word in a comment or a column is not a table
  assert.deepEqual([...tablesNamedIn('// the records from the source; subject_records, o.records_count', tables)], [])
})

test("the portal reads the API's answers in the types of its response schemas (portal/api.ts), never in shapes of its own", async () => {
  const own: string[] = []
  for (const file of await sourceFiles('src/portal')) {
    const text = await readFile(file, 'utf8')
    for (const [i, line] of text.split('\n').entries()) {
      // an answer read as an inline shape, or an interface that copies one (a form's file and a form's state are not answers)
      if (
        /JSON\.parse\([^)]*\)\s+as\s+\{/.test(line) ||
        (/^\s*(export\s+)?interface\s/.test(line) && !/interface (FormFile|FormState) /.test(line))
      )
        own.push(`${file}:${i + 1}: ${line.trim()}`)
    }
  }
  assert.deepEqual(own, [])
})
