import { InvalidArgumentError } from './errors.js';

/**
 * The key every stored task hangs under. Derived from the authenticated identity only, never from
 * a session id or anything the client chose.
 */
export type OwnerId = string & { readonly __brand: 'OwnerId' };

/** The one owner of anonymous mode: a single local user. */
export const LOCAL_OWNER = 'local' as OwnerId;

/**
 * Collision-free: the issuer is length-prefixed, so ("https://a", "b:c") and ("https://a:b", "c")
 * give different keys, and no derived key can equal `local` (it always starts with a digit).
 */
export function ownerFromIdentity(issuer: string, subject: string): OwnerId {
  if (issuer.length === 0) throw new InvalidArgumentError('An owner needs a non-empty issuer');
  if (subject.length === 0) throw new InvalidArgumentError('An owner needs a non-empty subject');
  return `${issuer.length}:${issuer}|${subject}` as OwnerId;
}
