/** Passwords: scrypt (N = 2^15, r = 8, p = 1, 32-byte key) with a random salt, compared in constant time. */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const N = 1 << 15
const R = 8
const P = 1
const KEY_LENGTH = 32
const MAX_MEMORY = 64 * 1024 * 1024

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, { N, r: R, p: P, maxmem: MAX_MEMORY })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** A password to hand to a new officer or auditor once: 20 characters from a 56-character alphabet (~116 bits). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  let password = ''
  for (const byte of randomBytes(20)) password += alphabet[byte % alphabet.length]
  return password
}

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

/** The one rule that matters, length: what is wrong with a password, as a schema rule, or undefined. */
export function passwordProblem(password: string): { keyword: 'minLength' | 'maxLength'; limit: number } | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return { keyword: 'minLength', limit: PASSWORD_MIN_LENGTH }
  if (password.length > PASSWORD_MAX_LENGTH) return { keyword: 'maxLength', limit: PASSWORD_MAX_LENGTH }
  return undefined
}
