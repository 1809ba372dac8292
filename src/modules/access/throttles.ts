/**
 * Sign-in and registration throttles: what is counted, how many attempts go through at once, and the
 * growing delay after them. They replace the account lock a stranger could set off with five wrong
 * passwords: a flood from one address slows that address (and that username from that address), so the
 * owner signing in from anywhere else is not kept out; a username guessed at from many addresses waits
 * at most a minute between attempts. Everything is keyed by the username as typed (known or not, so the
 * answers cannot tell which) and by the client's address, as keyed hashes: neither is stored.
 */
import { isIPv4, isIPv6 } from 'node:net'
import { hmac } from '../../platform/crypto.ts'

export interface ThrottleLimit {
  /** attempts that go through at once (parallel ones included) */
  free: number
  /** the delay after the free attempts, doubled with each attempt after them ... (the formula: throttles.repository.ts) */
  baseMs: number
  /** ... up to this */
  capMs: number
  /** one counted attempt is forgotten per this much time */
  leakMs: number
}

const SECOND = 1_000
const MINUTE = 60 * SECOND

export const throttleLimits = {
  /** one username from one address: the owner mistyping, or a guesser at one account */
  usernameFromAddress: { free: 5, baseMs: SECOND, capMs: 15 * MINUTE, leakMs: 10 * MINUTE },
  /** one address, whatever the username: a guesser trying many (an office behind one address gets one back a minute) */
  address: { free: 10, baseMs: SECOND, capMs: 15 * MINUTE, leakMs: MINUTE },
  /** one username from every address together: guessing from many addresses; capped low, so no one can keep the owner out for long */
  username: { free: 50, baseMs: SECOND, capMs: MINUTE, leakMs: MINUTE },
  /** registrations from one address, each counted (taken or not): asking which usernames exist is slowed like guessing */
  registration: { free: 10, baseMs: SECOND, capMs: 15 * MINUTE, leakMs: 5 * MINUTE },
} as const satisfies Record<string, ThrottleLimit>

/**
 * The part of a client's address that names one client: an IPv4 address, or the /64 network of an
 * IPv6 one (one subscriber gets a whole /64, so single addresses would be free to change).
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return mapped
  if (isIPv4(address)) return address
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::') as [string, string?]
  const left = head === '' ? [] : head.split(':')
  const right = tail === '' ? [] : tail.split(':')
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left
  return (
    groups
      .slice(0, 4)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':') + '::/64'
  )
}

export type ThrottleName = keyof typeof throttleLimits

/** The stored name of a throttle: a keyed hash of what it counts. */
export function throttleKey(
  indexKey: Buffer,
  name: ThrottleName,
  parts: { username?: string; address?: string },
): Buffer {
  return hmac(
    indexKey,
    `throttle\n${name}\n${parts.username ?? ''}\n${parts.address === undefined ? '' : addressBucket(parts.address)}`,
  )
}
