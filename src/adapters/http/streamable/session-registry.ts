import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import type { OwnerId } from '../../../domain/index.js';
import type { ClientLink } from '../../mcp/link/client-link.js';
import { ClientLinks } from '../../mcp/link/client-links.js';
import { HttpError } from '../http-error.js';
import { SessionSlots } from './session-slots.js';
import { SessionStream } from './session-stream.js';

/** One 2025-11-25 session: its connection, its own event stream, and the owner it is bound to. */
export interface Session {
  readonly id: string;
  readonly owner: OwnerId;
  readonly link: ClientLink;
  readonly stream: SessionStream;
  lastSeenAt: number;
}

const SESSION_NOT_FOUND = new HttpError('SESSION_NOT_FOUND', 'Session not found');

/**
 * The open sessions, each bound to the owner that opened it: any other owner gets the same 404 as
 * for a session that never existed. Sessions are counted against the server's and each owner's cap
 * before they open.
 */
@injectable()
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(
    @inject(ClientLinks) private readonly links: ClientLinks,
    @inject(SessionSlots) private readonly slots: SessionSlots,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Opens a session for `principal` (or throws the cap's refusal). */
  open(principal: Principal, now: number): Session {
    const giveBack = this.slots.take(principal.owner);
    const id = randomUUID();
    const stream = new SessionStream(id);
    const link = this.links.open({
      oneClient: true,
      standalone: (message) => stream.send(message),
    });
    const session: Session = { id, owner: principal.owner, link, stream, lastSeenAt: now };
    this.sessions.set(id, session);
    this.logger.debug('session opened', { owner: principal.owner });
    link.onClose(() => {
      this.sessions.delete(id);
      stream.close();
      giveBack();
    });
    return session;
  }

  /** The caller's session `id`, or the 404 of a session that never existed. */
  find(id: string, principal: Principal): Session {
    const session = this.sessions.get(id);
    if (!session || session.owner !== principal.owner) throw SESSION_NOT_FOUND;
    return session;
  }

  /** Closes sessions idle since before `cutoff`; returns how many. */
  closeIdle(cutoff: number): number {
    const idle = [...this.sessions.values()].filter((session) => session.lastSeenAt < cutoff);
    for (const session of idle) session.link.close();
    return idle.length;
  }

  closeAll(): void {
    for (const session of [...this.sessions.values()]) session.link.close();
  }
}
