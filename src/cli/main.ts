// The `fides` command. `fides catalogue check` loads the catalogue module alone, so that a charter check answers in well
// under a second; every other command loads the whole application (dispatch.ts).
const args = process.argv.slice(2)
if (args[0] === 'catalogue') {
  const { catalogueCheck } = await import('./commands/catalogue.ts')
  process.exitCode = await catalogueCheck(args.slice(1))
} else {
  await import('./dispatch.ts')
}
