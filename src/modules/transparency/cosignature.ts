/**
 * Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 "cosignature/v1") and the request and answer
 * texts of the witness protocol (c2sp.org/tlog-witness). A cosignature is a signed-note signature line
 * "— <witness name> base64(key id ‖ u64 big-endian timestamp ‖ Ed25519 signature)" over
 * "cosignature/v1\ntime <seconds>\n" followed by the checkpoint's whole note text; the key id is the first
 * four bytes of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key), and the verifier key is written
 * "<name>+<hex key id>+<base64(0x04 ‖ public key)>". Pure apart from the signing itself. The log's own
 * signature is opened by `openNote` (checkpoint.ts); this file reads only the cosignature lines beside it.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { keyIdOf, parseEd25519VerifierKey, signingKeyFromSeed } from './checkpoint.ts'
import { HASH_BYTES, type Hash } from './merkle.ts'

const COSIGNATURE_V1 = 0x04
const SIGNATURE_PREFIX = '\u2014 '
/** key id, timestamp, signature */
const COSIGNATURE_BYTES = 4 + 8 + 64
/** the protocol's bound on consistency proof lines */
export const MAX_PROOF_LINES = 63

export interface CosignerKey {
  name: string
  privateKey: KeyObject
  publicKey: Buffer
  keyId: Buffer
}

export interface CosignatureVerifier {
  name: string
  keyId: Buffer
  publicKey: KeyObject
}

/** A witness's Ed25519 cosigning key from its 32-byte seed. */
export function cosignerKeyFromSeed(name: string, seed: Buffer): CosignerKey {
  const { privateKey, publicKey } = signingKeyFromSeed(name, seed)
  return { name, privateKey, publicKey, keyId: keyIdOf(name, publicKey, COSIGNATURE_V1) }
}

/** The witness's verifier key, as logs and auditors configure it. */
export function cosignerVerifierKey(key: Pick<CosignerKey, 'name' | 'publicKey' | 'keyId'>): string {
  return `${key.name}+${key.keyId.toString('hex')}+${Buffer.concat([Buffer.from([COSIGNATURE_V1]), key.publicKey]).toString('base64')}`
}

export function cosignerVerifierOf(key: CosignerKey): CosignatureVerifier {
  return { name: key.name, keyId: key.keyId, publicKey: createPublicKey(key.privateKey) }
}

export function parseCosignerVerifierKey(text: string): CosignatureVerifier {
  return parseEd25519VerifierKey(
    text,
    COSIGNATURE_V1,
    'a witness verifier key is an Ed25519 cosignature/v1 key (type 0x04)',
  )
}

const signedMessage = (text: string, timestamp: bigint) =>
  Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8')

/** The cosignature line (ending in a newline) of `key` on a checkpoint's note text, at `timestamp` (POSIX seconds). */
export function cosign(text: string, key: CosignerKey, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new Error('a cosignature timestamp is a whole number of seconds')
  const time = Buffer.alloc(8)
  time.writeBigUInt64BE(BigInt(timestamp))
  const signature = sign(null, signedMessage(text, BigInt(timestamp)), key.privateKey)
  return `${SIGNATURE_PREFIX}${key.name} ${Buffer.concat([key.keyId, time, signature]).toString('base64')}\n`
}

/** The text of a note and its signature lines (each without its newline); null when it has no blank line. */
export function splitNote(note: string): { text: string; signatures: string[] } | null {
  const split = note.indexOf('\n\n')
  if (split < 0) return null
  return {
    text: note.slice(0, split + 1),
    signatures: note
      .slice(split + 2)
      .split('\n')
      .filter((l) => l !== ''),
  }
}

export interface Cosignature {
  witness: string
  /** POSIX seconds */
  timestamp: number
  /** the signature line, newline included */
  line: string
}

/** The valid cosignature by `verifier` among `lines` on `text`, if any (lines by other keys are ignored). */
export function findCosignature(
  text: string,
  lines: readonly string[],
  verifier: CosignatureVerifier,
): Cosignature | null {
  for (const raw of lines) {
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw
    if (!line.startsWith(SIGNATURE_PREFIX)) continue
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ')
    if (name !== verifier.name || encoded === undefined || extra !== undefined) continue
    const bytes = Buffer.from(encoded, 'base64')
    if (bytes.length !== COSIGNATURE_BYTES || !bytes.subarray(0, 4).equals(verifier.keyId)) continue
    const timestamp = bytes.readBigUInt64BE(4)
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) continue
    if (verify(null, signedMessage(text, timestamp), verifier.publicKey, bytes.subarray(12)))
      return { witness: name, timestamp: Number(timestamp), line: line + '\n' }
  }
  return null
}

/** The witnesses among `verifiers` that cosigned this note (a checkpoint with cosignature lines appended). */
export function cosignaturesOf(note: string, verifiers: readonly CosignatureVerifier[]): Cosignature[] {
  const parts = splitNote(note)
  if (!parts) return []
  return verifiers.map((v) => findCosignature(parts.text, parts.signatures, v)).filter((c) => c !== null)
}

/** The add-checkpoint request body: "old <size>", the consistency proof in base64 lines, a blank line, the signed checkpoint. */
export function addCheckpointRequest(oldSize: number, proof: readonly Hash[], note: string): string {
  if (proof.length > MAX_PROOF_LINES) throw new Error(`a consistency proof has at most ${MAX_PROOF_LINES} hashes`)
  return `old ${oldSize}\n${proof.map((h) => h.toString('base64') + '\n').join('')}\n${note}`
}

export type AddCheckpointRequest = { oldSize: number; proof: Hash[]; note: string }

/** Parses an add-checkpoint request body; the reason names what is malformed (the witness answers 400). */
export function parseAddCheckpointRequest(
  body: string,
): { ok: true; value: AddCheckpointRequest } | { ok: false; reason: string } {
  const split = body.indexOf('\n\n')
  if (split < 0) return { ok: false, reason: 'no blank line before the checkpoint' }
  const [first, ...proofLines] = body.slice(0, split).split('\n')
  const old = /^old (0|[1-9][0-9]*)$/.exec(first!)
  if (!old || !Number.isSafeInteger(Number(old[1]))) return { ok: false, reason: 'the first line is "old <size>"' }
  if (proofLines.length > MAX_PROOF_LINES) return { ok: false, reason: `at most ${MAX_PROOF_LINES} proof lines` }
  const proof: Hash[] = []
  for (const line of proofLines) {
    const hash = Buffer.from(line, 'base64')
    if (hash.length !== HASH_BYTES || hash.toString('base64') !== line)
      return { ok: false, reason: 'a proof line is one base64 SHA-256 hash' }
    proof.push(hash)
  }
  return { ok: true, value: { oldSize: Number(old[1]), proof, note: body.slice(split + 2) } }
}
