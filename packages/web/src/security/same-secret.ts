import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether `given` equals `secret`, in time that does not depend on where they differ. */
export function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}
