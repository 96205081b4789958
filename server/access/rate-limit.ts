/**
 * Sign-in attempts, limited per address and per user name (known or not, so the limit says nothing about
 * which names exist): past the limit, attempts are refused with RATE_LIMITED until the window has passed.
 * In memory: a restart clears it, which an attacker cannot cause from the network.
 */
import { DarkroomError } from '../../core/errors.ts';

export interface LoginLimits {
  /** Failed attempts allowed per address per window (default 20). */
  perAddress: number;
  /** Failed attempts allowed per user name per window (default 8). */
  perUser: number;
  /** Window in ms (default 15 minutes). */
  windowMs: number;
}

export const defaultLoginLimits: LoginLimits = { perAddress: 20, perUser: 8, windowMs: 15 * 60_000 };

export interface LoginLimiter {
  /** @throws DarkroomError RATE_LIMITED (with `retryAfterS`) when the address or the name is over its limit. */
  check(address: string, name: string): void;
  fail(address: string, name: string): void;
  succeed(address: string, name: string): void;
}

export function createLoginLimiter(limits: LoginLimits = defaultLoginLimits): LoginLimiter {
  const failures = new Map<string, { count: number; resetAt: number }>();
  const keyOf = (kind: string, value: string) => `${kind}:${value.toLowerCase()}`;
  const current = (key: string, now: number) => {
    const entry = failures.get(key);
    if (!entry || entry.resetAt <= now) {
      failures.delete(key);
      return null;
    }
    return entry;
  };
  return {
    check(address, name) {
      const now = Date.now();
      for (const [key, limit] of [[keyOf('addr', address), limits.perAddress], [keyOf('user', name), limits.perUser]] as const) {
        const entry = current(key, now);
        if (entry && entry.count >= limit) {
          const retryAfterS = Math.ceil((entry.resetAt - now) / 1000);
          throw Object.assign(new DarkroomError('RATE_LIMITED', `Too many failed sign-ins. Wait ${Math.ceil(retryAfterS / 60)} minutes and try again, or ask an admin to check the account.`), { retryAfterS });
        }
      }
    },
    fail(address, name) {
      const now = Date.now();
      if (failures.size > 100_000) failures.clear();
      for (const key of [keyOf('addr', address), keyOf('user', name)]) {
        const entry = current(key, now) ?? { count: 0, resetAt: now + limits.windowMs };
        entry.count += 1;
        failures.set(key, entry);
      }
    },
    succeed(_address, name) {
      failures.delete(keyOf('user', name));
    },
  };
}
