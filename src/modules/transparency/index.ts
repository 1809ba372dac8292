export { consistencyRanges, EMPTY_ROOT, inclusionRanges, leafHash, nodeHash, rangeHash, rangeNodes, rootFromLeaves, TreeBuilder, verifyConsistency, verifyInclusion, type Hash, type NodeId, type Range } from './merkle.ts'
export { checkpointBody, openCheckpoint, openNote, parseVerifierKey, signCheckpoint, signingKeyFromSeed, signNote, verifierKey, type Checkpoint, type Opened, type SigningKey, type Verifier } from './checkpoint.ts'
export { canonicalEventBytes, eventLeafHash, type LoggedEvent } from './events.ts'
export { consistencyProof, inclusionProof, latestCheckpoint, sequence, signLatest, subjectLeaves, verifyLog, type InclusionProof, type LogIdentity, type LogProblem, type LogVerification } from './transparency.service.ts'
