/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: leaf hash SHA-256(0x00 ‖
 * data), interior node SHA-256(0x01 ‖ left ‖ right), the root of an empty tree SHA-256(""), and a tree
 * of n leaves split at the largest power of two smaller than n. Pure: no I/O.
 *
 * Storage-friendly: every hash a proof needs is the root of a *perfect* subtree — 2^level leaves
 * starting at index·2^level — or a fold of a few of them along the right edge. So the functions here
 * say which perfect subtrees (`NodeId`s) they need, the caller fetches those hashes from wherever the
 * tree is kept, and `rangeHash` folds them. Positions are plain numbers (exact up to 2^53) and never
 * go through 32-bit bit operators.
 */
import { createHash, hash } from 'node:crypto'

export type Hash = Buffer

export const HASH_BYTES = 32

/** The root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').update('').digest()

const LEAF_PREFIX = Buffer.from([0])
const NODE_PREFIX = Buffer.from([1])

// one-shot hashing: no Hash object per call (a log hashes about twice per event appended or verified)
export function leafHash(data: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer')
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer')
}

/** The root of the perfect subtree of 2^level leaves starting at leaf index·2^level. */
export interface NodeId {
  level: number
  index: number
}

/** A range of leaves [start, end), whose hash is MTH(D[start:end]). */
export type Range = readonly [start: number, end: number]

function assertCount(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number from 0, not ${n}`)
}

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function largestPowerOfTwoAtMost(n: number): number {
  let k = 1
  while (k * 2 <= n) k *= 2
  return k
}

/**
 * The perfect subtrees that make up a range as the RFC's recursion produces it (its start a multiple
 * of its largest block), left to right, largest first. [0, n) gives the tree's "frontier".
 */
export function rangeNodes([start, end]: Range): NodeId[] {
  const nodes: NodeId[] = []
  let at = start
  while (at < end) {
    const size = largestPowerOfTwoAtMost(end - at)
    if (at % size !== 0) throw new RangeError(`[${start}, ${end}) is not a range of the tree's recursion`)
    nodes.push({ level: Math.log2(size), index: at / size })
    at += size
  }
  return nodes
}

/** MTH of a range from the hashes of its `rangeNodes`, in the same order: folded from the right edge. */
export function rangeHash(nodeHashes: readonly Hash[]): Hash {
  if (nodeHashes.length === 0) return EMPTY_ROOT
  let hash = nodeHashes[nodeHashes.length - 1]!
  for (let i = nodeHashes.length - 2; i >= 0; i--) hash = nodeHash(nodeHashes[i]!, hash)
  return hash
}

/**
 * The ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size` leaves
 * (RFC 9162 2.1.3.1, PATH(m, D[n])), in proof order: the leaf's sibling first, the root's child last.
 */
export function inclusionRanges(index: number, size: number): Range[] {
  assertCount(index, 'the leaf index')
  assertCount(size, 'the tree size')
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`)
  const outerFirst: Range[] = []
  let lo = 0
  let hi = size
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo)
    if (index - lo < k) {
      outerFirst.push([lo + k, hi])
      hi = lo + k
    } else {
      outerFirst.push([lo, lo + k])
      lo += k
    }
  }
  return outerFirst.reverse()
}

/**
 * The ranges whose hashes form the consistency proof between the trees of `first` and `second`
 * leaves (RFC 9162 2.1.4.1, PROOF(m, D[n])), in proof order. Empty when there is nothing to prove
 * (first is 0, or first equals second).
 */
export function consistencyRanges(first: number, second: number): Range[] {
  assertCount(first, 'the first tree size')
  assertCount(second, 'the second tree size')
  if (first > second) throw new RangeError(`a tree of ${first} cannot precede one of ${second}`)
  if (first === 0 || first === second) return []
  const outerFirst: Range[] = []
  let lo = 0
  let hi = second
  let m = first
  let isWholeOldTree = true
  for (;;) {
    if (m === hi - lo) {
      if (!isWholeOldTree) outerFirst.push([lo, hi])
      break
    }
    const k = splitPoint(hi - lo)
    if (m <= k) {
      outerFirst.push([lo + k, hi])
      hi = lo + k
    } else {
      outerFirst.push([lo, lo + k])
      lo += k
      m -= k
      isWholeOldTree = false
    }
  }
  return outerFirst.reverse()
}

/** The root of a tree given all its leaf hashes (for small trees, tests and full verification). */
export function rootFromLeaves(leaves: readonly Hash[]): Hash {
  const stack = new TreeBuilder()
  for (const leaf of leaves) stack.append(leaf)
  return stack.root()
}

/**
 * Builds a tree leaf by leaf in O(log n) memory, as a verifier streaming millions of events does: it
 * keeps the frontier (one perfect subtree hash per set bit of the size) and reports every perfect
 * subtree it completes, so a log can store them.
 */
export class TreeBuilder {
  /** the frontier, largest (leftmost) first: hashes and levels */
  readonly #hashes: Hash[] = []
  readonly #levels: number[] = []
  #size = 0

  get size(): number {
    return this.#size
  }

  /** A builder that goes on from a stored tree: its size and the hashes of `rangeNodes([0, size])`. */
  static resume(size: number, frontier: readonly Hash[]): TreeBuilder {
    const levels = rangeNodes([0, size]).map((n) => n.level)
    if (levels.length !== frontier.length)
      throw new Error(`a tree of ${size} has ${levels.length} frontier nodes, not ${frontier.length}`)
    const builder = new TreeBuilder()
    builder.#hashes.push(...frontier)
    builder.#levels.push(...levels)
    builder.#size = size
    return builder
  }

  /** Appends a leaf hash; `onNode` hears of every perfect subtree it completes (the leaf itself first, then up). */
  append(leaf: Hash, onNode?: (node: NodeId, hash: Hash) => void): void {
    let hash = leaf
    let level = 0
    let index = this.#size
    onNode?.({ level, index }, hash)
    while (this.#levels.length > 0 && this.#levels[this.#levels.length - 1] === level) {
      this.#levels.pop()
      hash = nodeHash(this.#hashes.pop()!, hash)
      level++
      index = Math.floor(index / 2)
      onNode?.({ level, index }, hash)
    }
    this.#hashes.push(hash)
    this.#levels.push(level)
    this.#size++
  }

  root(): Hash {
    return rangeHash(this.#hashes)
  }
}

/** Right-shifts both positions until the first is odd or zero (the RFC's step after a left sibling). */
function shiftWhileEven(fn: number, sn: number): [number, number] {
  while (fn % 2 === 0 && fn !== 0) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return [fn, sn]
}

/**
 * Checks an inclusion proof (RFC 9162 2.1.3.2): that the leaf with hash `leaf` is at `index` in the
 * tree of `size` leaves whose root is `root`.
 */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      ;[fn, sn] = shiftWhileEven(fn, sn)
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && r.equals(root)
}

/**
 * Checks a consistency proof (RFC 9162 2.1.4.2): that the tree of `first` leaves with root
 * `firstRoot` is a prefix of the tree of `second` leaves with root `secondRoot`. The trivial cases
 * (an empty first tree; equal sizes with equal roots) hold with an empty proof.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false
  if (first === 0)
    return proof.length === 0 && (second > 0 || secondRoot.equals(EMPTY_ROOT)) && firstRoot.equals(EMPTY_ROOT)
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot)
  if (proof.length === 0) return false
  const path = largestPowerOfTwoAtMost(first) === first ? [firstRoot, ...proof] : [...proof]
  let fn = first - 1
  let sn = second - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]!
  let sr = path[0]!
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      ;[fn, sn] = shiftWhileEven(fn, sn)
    } else {
      sr = nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0
}
