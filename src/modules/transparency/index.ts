export {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  leafHash,
  nodeHash,
  rangeHash,
  rangeNodes,
  rootFromLeaves,
  TreeBuilder,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type NodeId,
  type Range,
} from './merkle.ts'
export {
  checkpointBody,
  openCheckpoint,
  openNote,
  parseVerifierKey,
  signCheckpoint,
  signingKeyFromSeed,
  signNote,
  verifierKey,
  verifierOf,
  type Checkpoint,
  type Opened,
  type SigningKey,
  type Verifier,
} from './checkpoint.ts'
export {
  entryBundle,
  MAX_ENTRY_BYTES,
  parseTilePath,
  readEntryBundle,
  TILE_HEIGHT,
  tilePath,
  TileReader,
  TILES_PREFIX,
  tileWidthIn,
  type FetchTile,
  type Tile,
} from './tiles.ts'
export { canonicalEventBytes, eventLeafHash, type LoggedEvent } from './events.ts'
export {
  consistencyProof,
  inclusionProof,
  latestCheckpoint,
  logIdentity,
  logPositions,
  readTile,
  sequence,
  signLatest,
  subjectLeaves,
  verifyLog,
  type InclusionProof,
  type LogIdentity,
  type LogProblem,
  type LogVerification,
} from './transparency.service.ts'
export { startLogWorker, type LogWorker } from './transparency.worker.ts'
export { transparencyRoutes } from './transparency.routes.ts'
export { transparencyPolicy } from './transparency.policy.ts'
export { verifyRemote, type RemoteVerification, type WitnessPolicy } from './remote.ts'
export { startLogThread } from './transparency.thread.ts'
export {
  addCheckpointRequest,
  cosign,
  cosignaturesOf,
  cosignerKeyFromSeed,
  cosignerVerifierKey,
  cosignerVerifierOf,
  findCosignature,
  parseAddCheckpointRequest,
  parseCosignerVerifierKey,
  splitNote,
  MAX_PROOF_LINES,
  type AddCheckpointRequest,
  type Cosignature,
  type CosignatureVerifier,
  type CosignerKey,
} from './cosignature.ts'
export { cosignedCheckpoint, submitToWitnesses, type Submission, type WitnessEndpoint } from './witnessing.ts'
export {
  askWitnesses,
  mirrorCheckpoints,
  readCheckpointFile,
  type CheckpointCopy,
  type CopyProblem,
} from './checkpoint-copies.ts'
