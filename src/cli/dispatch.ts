/**
 * The `fides` command. It calls services, never SQL: the same paths the API uses.
 *   fides serve                         start the server (as npm start)
 *   fides db migrate                    apply pending migrations
 *   fides catalogue check FILE          run the charter validator on a catalogue file (record kinds, or lists and measures)
 *   fides source add --name N --display-name D --type T --kinds k1,k2
 *   fides relying-party add --name N --display-name D --type T --purposes p1,p2
 *   fides department add --name N --display-name D --domains d1,d2
 *   fides log sequence | fides log verify | fides log verify --remote URL --key VERIFIER_KEY --since FILE [--witness KEY... --threshold K]
 *   fides witness serve --name NAME --key-file FILE --log VERIFIER_KEY... --state DIR [--host H] [--port P]
 *   fides account add --role officer|auditor|source|relying_party [--source NAME | --relying-party NAME] --username U --display-name D
 *                                                   (prints a generated password once)
 *   fides key add --role officer --label L
 *   fides source webhook --name N (--url URL | --remove)
 *   fides maintain [--batch-size N] [--no-progress]
 *   fides import FILE --source NAME [--format csv|ndjson] [--rejects PATH] [--chunk-size N] [--no-progress | --progress-interval SECONDS]
 *   fides ratings recompute [--no-progress]
 *   fides model fit DATA.csv --target COLUMN --spec FILE [--out MODEL.json] ...
 *   fides model bins DATA.csv --target COLUMN --spec FILE ...
 *   fides model report MODEL.json --data SAMPLE.csv ...
 *   fides model sample --as-of DATE --outcome-months N --out SAMPLE.csv
 * Each command group is a file of commands/ (catalogue.ts is loaded alone by main.ts); this file only
 * dispatches to them and turns their errors into exit codes.
 */
import { ConfigError } from '../config.ts'
import { AppError } from '../platform/app-error.ts'
import { agencyTypes } from '../modules/sources/index.ts'
import { UsageError } from './context.ts'
import { demoCommand } from './commands/demo.ts'
import { dbCommand } from './commands/db.ts'
import { sourceCommand } from './commands/source.ts'
import { relyingPartyCommand } from './commands/relying-party.ts'
import { departmentCommand } from './commands/department.ts'
import { logCommand } from './commands/log.ts'
import { accountCommand } from './commands/account.ts'
import { keyCommand } from './commands/key.ts'
import { maintainCommand } from './commands/maintain.ts'
import { importCommand } from './commands/import.ts'
import { ratingsCommand } from './commands/ratings.ts'
import { witnessCommand } from './commands/witness.ts'
import { modelCommand } from './commands/model.ts'
import { fileProblem } from '../modules/scoring/index.ts'

const usage = `usage:
  fides serve
  fides demo credentials               print the demo's one-time credentials again (kept in the data directory when the demo data was loaded)
  fides db migrate
  fides catalogue check FILE
  fides source add --name NAME --display-name TEXT --type (${agencyTypes.join('|')}) --kinds KIND[,KIND...]
  fides source webhook --name NAME (--url URL | --remove)
                                       announce objections to the source (prints the signing secret once)
  fides maintain [--batch-size N] [--no-progress]
                                       one maintenance pass: overdue objections, take-downs, erasures
  fides relying-party add --name NAME --display-name TEXT --type TEXT --purposes PURPOSE[,PURPOSE...]
  fides department add --name NAME --display-name TEXT --domains DOMAIN[,DOMAIN...]
  fides log sequence                   append settled audit events to the transparency log, sign a checkpoint
  fides log verify                     recompute the log from the stored events; check every checkpoint; then recompute
                                       list entries, consents, objections and subject accounts from their events
  fides log verify --remote URL --key VERIFIER_KEY --since FILE [--witness WITNESS_KEY]... [--threshold K]
                                       check another instance's log extends the checkpoint saved in FILE (then save the new one);
                                       with witnesses' verifier keys, at least K of them (default: all) must have cosigned it
  fides witness serve --name NAME --key-file FILE --log LOG_VERIFIER_KEY [--log ...] --state DIR [--host 127.0.0.1] [--port 7380]
                                       run a witness (c2sp.org/tlog-witness) for these logs (the origin is the key's name); its
                                       seed is generated into FILE if missing; it prints its verifier key
  fides account add --role (officer|auditor|source|relying_party) [--source NAME | --relying-party NAME] --username NAME --display-name TEXT
  fides key add --role officer --label TEXT
  fides import FILE --source NAME [--format csv|ndjson] [--rejects PATH] [--chunk-size N] [--no-progress | --progress-interval SECONDS]
  fides ratings recompute [--no-progress]
                                       re-rate every organisation under the rating model (catalogue/models/)
  fides model fit DATA.csv --target COLUMN --spec FILE [--name NAME]
                  [--out MODEL.json] [--seed N] [--min-iv X] [--l2 X] [--min-share X] [--max-share X] [--min-bads N] [--min-goods N] [--max-bins N] [--base-score N] [--base-odds X] [--pdo N]
                  [--segment COLUMN:CUT[,CUT...]]   one card per segment of COLUMN, on one points scale
                  [--tune]                          choose the bins' merge threshold by 3-fold CV on DATA
                  [--method classic|boosted]        boosted: each feature's points fitted by cyclic gradient boosting
                  [--protected FILE]                the protected list (default catalogue/protected-features.json)
                                       fit a scorecard (no database); the spec maps every column of DATA to a finance
                                       element (an input), to protected attributes (audit-only) or as ignored
  fides model bins DATA.csv --target COLUMN --spec FILE [--min-share X] [--max-share X] [--min-bads N] [--min-goods N] [--max-bins N]
                                       every candidate feature's binning table: rows, share, goods, bads, bad rate,
                                       WOE, IV, Jensen-Shannon and quality score
  fides model report MODEL.json --data SAMPLE.csv [--compare OTHER.csv] [--cutoff SCORE] [--out REPORT.html]
                                       validation report: AUC, Gini, KS, calibration, PSI, bins, adverse impact, SVG charts
  fides model sample --as-of YYYY-MM-DD --outcome-months N [--model-or-spec FILE] --out SAMPLE.csv
                                       a development sample from the store: one row per person with credit accounts, the
                                       characteristics as known on the date (never a later record or correction), and bad
                                       (90 days past due within N months); the spec defaults to catalogue/scorecards/from-file.spec.json`

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  switch (command) {
    case 'serve':
      await import('../server.ts')
      return -1
    case 'demo':
      return demoCommand(args)
    case 'db':
      return dbCommand(args)
    case 'source':
      return sourceCommand(args)
    case 'relying-party':
      return relyingPartyCommand(args)
    case 'department':
      return departmentCommand(args)
    case 'log':
      return logCommand(args)
    case 'account':
      return accountCommand(args)
    case 'key':
      return keyCommand(args)
    case 'maintain':
      return maintainCommand(args)
    case 'import':
      return importCommand(args)
    case 'ratings':
      return ratingsCommand(args)
    case 'witness':
      return witnessCommand(args)
    case 'model':
      return modelCommand(args)
    case 'catalogue':
      // answered by main.ts, which loads the catalogue module alone
      throw new UsageError('fides catalogue check FILE')
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage + '\n')
      return 0
    default:
      throw new UsageError(`unknown command: ${command}`)
  }
}

try {
  const code = await run(process.argv.slice(2))
  if (code >= 0) process.exitCode = code
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`fides: ${error.message}\n${usage}\n`)
    process.exitCode = 64
  } else if (error instanceof ConfigError) {
    process.stderr.write(`fides: invalid configuration: ${error.message}\n`)
    process.exitCode = 78
  } else if (error instanceof AppError) {
    process.stderr.write(`fides: ${error.code}: ${error.message}\n`)
    process.exitCode = 1
  } else if (typeof (error as NodeJS.ErrnoException).path === 'string') {
    // a file named on the command line that cannot be read or written: one line, not a stack trace
    process.stderr.write(`fides: ${(error as NodeJS.ErrnoException).path}: ${fileProblem(error)}\n`)
    process.exitCode = 66
  } else {
    throw error
  }
}
