import 'reflect-metadata';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import type { OutboundMessage } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { ClientLinks } from '../../../../src/adapters/mcp/link/client-links.js';
import { PROTOCOL_2025 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { aRequest, bodyOf } from '../../../support/inbound.js';
import { RecordingExchange } from '../../../support/recording-exchange.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

describe('ClientLinks', () => {
  const { container } = testContainer();
  const links = container.get(ClientLinks);
  const classifier = container.get(MessageClassifier);

  it("opens links that serve from the container's method table", async () => {
    const link = links.open({ oneClient: true });
    const exchange = new RecordingExchange();
    const messages = classifier.classify(bodyOf(aRequest('tools/list', {}, 1)), PROTOCOL_2025);
    link.receive(messages.messages, aPrincipal(), exchange);
    const answer = await exchange.answerTo(1);
    const { tools } = (answer as { result: { tools: { name: string }[] } }).result;
    expect(tools.map((tool) => tool.name)).toContain('wait');
  });

  it('opens a new link each time, with the settings given', () => {
    const standalone: OutboundMessage[] = [];
    const one = links.open({ oneClient: true, standalone: (message) => standalone.push(message) });
    const other = links.open({ oneClient: false });
    expect(one).not.toBe(other);
    one.progressAfterRequest('t')!({ progress: 1 });
    expect(standalone).toHaveLength(1);
    expect(other.progressAfterRequest('t')).toBeUndefined();
    expect(other.elicits).toBeUndefined();
    expect(one.elicits).toBe(false);
  });
});
