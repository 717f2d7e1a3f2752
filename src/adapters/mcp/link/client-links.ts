import { inject, injectable } from 'inversify';
import { TASK_EVENTS, type TaskEvents } from '../../../application/ports/task-events.js';
import { McpDispatcher } from '../methods/mcp-dispatcher.js';
import { ClientLink, type LinkSettings } from './client-link.js';

/** Makes the 2025-11-25 connections transports open: one per session, stdio, or stateless server. */
@injectable()
export class ClientLinks {
  constructor(
    @inject(McpDispatcher) private readonly dispatcher: McpDispatcher,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
  ) {}

  open(settings: LinkSettings): ClientLink {
    return new ClientLink({ dispatcher: this.dispatcher, events: this.events }, settings);
  }
}
