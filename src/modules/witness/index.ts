export { judge, type Judgement, type WitnessedState } from './witness.ts'
export { openWitnessStore, type WitnessStore } from './witness.state.ts'
export { startWitnessServer, witnessHandler, type WitnessOptions, type WitnessServer } from './witness.server.ts'
