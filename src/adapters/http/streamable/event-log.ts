import type { OutboundMessage } from '../../mcp/json-rpc/messages.js';

/** The most recent events a session keeps for a client that reconnects. */
const KEPT_EVENTS = 256;

export interface LoggedEvent {
  readonly id: string;
  readonly message: OutboundMessage;
}

/**
 * The messages a session sent on its event stream (GET), numbered, the last KEPT_EVENTS kept, so a
 * client that lost the stream and comes back with Last-Event-ID gets what it missed: task status
 * notifications sent while it was away. Ids are the session's own sequence: unique within it.
 */
export class EventLog {
  private readonly events: LoggedEvent[] = [];
  private sequence = 0;

  /** The id of the newest event, "0" before the first: where a fresh stream starts from. */
  get lastId(): string {
    return String(this.sequence);
  }

  append(message: OutboundMessage): string {
    this.sequence++;
    const id = String(this.sequence);
    this.events.push({ id, message });
    if (this.events.length > KEPT_EVENTS) this.events.shift();
    return id;
  }

  /**
   * The events after `lastEventId`. Undefined when the id is not one this session could have
   * given. An id older than the oldest kept yields every kept event: the rest is gone, and
   * status notifications are safe to see twice.
   */
  after(lastEventId: string): readonly LoggedEvent[] | undefined {
    if (!/^\d{1,15}$/.test(lastEventId)) return undefined;
    const seen = Number(lastEventId);
    if (seen > this.sequence) return undefined;
    const oldest = this.sequence - this.events.length + 1;
    return this.events.slice(Math.max(0, seen + 1 - oldest));
  }
}
