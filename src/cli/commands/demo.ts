// `fides demo`: the demo data's credentials.
import { loadConfig } from '../../config.ts'
import { readDemoCredentials } from '../../demo/credentials.ts'
import { UsageError } from '../context.ts'

/** `fides demo credentials`: the demo's one-time credentials again, from the data directory. */
export async function demoCommand(args: string[]): Promise<number> {
  const [sub] = args
  if (sub !== 'credentials') throw new UsageError(`unknown: demo ${sub ?? ''}`)
  const config = await loadConfig()
  const file = config.demoCredentialsFile
  const text = file === null ? undefined : await readDemoCredentials(file)
  if (text === undefined) {
    process.stderr.write(
      `fides: no demo credentials${file ? ` in ${file}` : ' (FIDES_DATA_DIR is :memory:)'}: they are kept there when the demo data is loaded (npm start on an empty embedded database)\n`,
    )
    return 1
  }
  process.stdout.write(text)
  return 0
}
