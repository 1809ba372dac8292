/**
 * The demo's one-time credentials: printed when the demo data is loaded, and kept in the data
 * directory (mode 0600) so that `fides demo credentials` can print them again — they are stored
 * nowhere else but as hashes.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { DemoResult } from './seed.ts'

/** The credentials and a few requests to try, as lines for a terminal. */
export function demoCredentialsText(demo: DemoResult, port: number): string {
  const base = `http://localhost:${port}`
  return (
    [
      `Demo data loaded: ${demo.organisations} organisations, ${demo.persons} persons, ${demo.records} records from ${demo.sources.length} sources.`,
      'Demo credentials (generated once; Fides stores only their hashes):',
      `  officer key: ${demo.officerKey}`,
      ...demo.sources.map((s) => `  source ${s.name.padEnd(26)} ${s.apiKey}`),
      ...demo.relyingParties.map((r) => `  relying party ${r.name.padEnd(19)} ${r.apiKey}`),
      ...demo.departments.map((d) => `  department ${d.name.padEnd(22)} ${d.apiKey}`),
      ...demo.accounts.map((a) => `  sign-in (${a.role}) ${a.username} / ${a.password}`),
      'Try:',
      `  curl ${base}/v1/public/subjects/${demo.sampleSubjectId}`,
      `  curl -H "Authorization: Bearer ${demo.officerKey}" ${base}/v1/subjects/${demo.sampleSubjectId}/file`,
      `  curl -H "Authorization: Bearer ${demo.relyingParties[0]!.apiKey}" "${base}/v1/reports/${demo.samplePersonId}?purpose=credit_application"`,
      ...demo.departments.map(
        (d) =>
          `  curl -H "Authorization: Bearer ${d.apiKey}" "${base}/v1/checks?subject=${demo.sampleSubjectId}&domain=high_consumption"`,
      ),
      `  curl ${base}/v1/statistics`,
      `  curl ${base}/v1/models   (the published scorecard ${demo.scoreModel.name}: POST /v1/scores with ${demo.scoreModel.inputs.join(', ')})`,
      `  curl ${base}/v1/public/subjects/${demo.sampleSubjectId}/rating   (organisations are rated within seconds of start)`,
    ].join('\n') + '\n'
  )
}

/** Keeps the credentials in `file`, readable by its owner only. */
export async function writeDemoCredentials(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, text, { mode: 0o600 })
  await chmod(file, 0o600)
}

/** The kept credentials, or undefined if there are none. */
export async function readDemoCredentials(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
