/**
 * Password hashing with node:crypto's scrypt (memory-hard): N = 2^15, r = 8, p = 1 (32 MiB per hash), a
 * 16-byte random salt per password, a 32-byte key, compared in constant time. The parameters are stored
 * with each hash (`scrypt$15$8$1$salt$key`, base64url), so they can be raised later without breaking old ones.
 * Runs on libuv's thread pool (async), so a login does not stall the server's event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** log2 of scrypt's cost N; OWASP's floor for scrypt is N = 2^17 with r = 8 (≈128 MiB); 2^15 keeps a login near 100 ms on a small server. */
export const SCRYPT_LOG_N = 15;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Shortest password accepted. */
export const MIN_PASSWORD_CHARS = 10;
/** Longest password accepted (scrypt takes any length; this bounds the work a request can ask for). */
export const MAX_PASSWORD_CHARS = 1024;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128 * N * r bytes; maxmem must exceed it or node refuses.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P);
  return ['scrypt', SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored` (constant-time comparison). A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !key) return false;
  const n = Number(logN);
  if (!Number.isInteger(n) || n < 10 || n > 20) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), n, Number(r), Number(p));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Why a new password is refused, or null when it is acceptable. */
export function checkNewPassword(password: string): string | null {
  if (password.length < MIN_PASSWORD_CHARS) return `The password is ${password.length} characters long; use at least ${MIN_PASSWORD_CHARS} (a passphrase of a few words is good).`;
  if (password.length > MAX_PASSWORD_CHARS) return `The password is over ${MAX_PASSWORD_CHARS} characters long.`;
  return null;
}
