/**
 * The house in order, kept so: one home per rule (a time limit the code keeps is set once, in
 * src/modules/catalogue/time-limits.ts, and every date and text that tells it is built from it, so
 * changing it is a one-line change plus the test of its dates; audit events through platform/audit.ts),
 * and one shape per module (a module that serves routes declares who may call them in its policy file).
 */
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { OBJECTION_ANSWER_DAYS } from '../src/modules/catalogue/index.ts'
import { answerDueOn } from '../src/modules/objections/index.ts'
import { addDays } from '../src/platform/calendar.ts'
import { t } from '../src/portal/i18n.ts'

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')).map((e) => join(e.parentPath, e.name))
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
    for (const [i, line] of text.split('\n').entries()) if (spelled.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`)
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
      if (/satisfies Record<string, Policy>/.test(await readFile(join('src/modules', module, file), 'utf8'))) problems.push(`${module}/${file} declares a policy`)
    }
  }
  assert.deepEqual(problems, [])
})

test('the portal reads the API\'s answers in the types of its response schemas (portal/api.ts), never in shapes of its own', async () => {
  const own: string[] = []
  for (const file of await sourceFiles('src/portal')) {
    const text = await readFile(file, 'utf8')
    for (const [i, line] of text.split('\n').entries()) {
      // an answer read as an inline shape, or an interface that copies one
      if (/JSON\.parse\([^)]*\)\s+as\s+\{/.test(line) || (/^\s*(export\s+)?interface\s/.test(line) && !line.includes('interface FormFile'))) own.push(`${file}:${i + 1}: ${line.trim()}`)
    }
  }
  assert.deepEqual(own, [])
})
