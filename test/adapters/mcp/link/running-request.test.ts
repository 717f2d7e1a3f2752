import { RunningRequest } from '../../../../src/adapters/mcp/link/running-request.js';
import { RecordingExchange } from '../../../support/recording-exchange.js';

const running = () => new RunningRequest('r-1', new RecordingExchange());

describe('RunningRequest', () => {
  it('keeps the client id and the exchange its answer goes to', () => {
    const exchange = new RecordingExchange();
    const request = new RunningRequest(7, exchange);
    expect(request.clientId).toBe(7);
    expect(request.exchange).toBe(exchange);
  });

  it('gives its one answer once: claimAnswer is true the first time only', () => {
    const request = running();
    expect(request.open).toBe(true);
    expect(request.claimAnswer()).toBe(true);
    expect(request.open).toBe(false);
    expect(request.claimAnswer()).toBe(false);
  });

  it('answers nothing once cancelled', () => {
    const request = running();
    request.cancel('The client cancelled the request');
    expect(request.open).toBe(false);
    expect(request.claimAnswer()).toBe(false);
  });

  it('aborts a signal made before the cancel, with the reason', () => {
    const request = running();
    const { signal } = request;
    expect(signal.aborted).toBe(false);
    request.cancel('The client closed the connection');
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('The client closed the connection');
  });

  it('gives a signal asked for after the cancel already aborted, with the reason', () => {
    const request = running();
    request.cancel('Connection closed');
    const { signal } = request;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('Connection closed');
  });

  it('keeps the first reason when cancelled twice', () => {
    const request = running();
    const { signal } = request;
    request.cancel('first');
    request.cancel('second');
    expect((signal.reason as Error).message).toBe('first');
    expect((request.signal.reason as Error).message).toBe('first');
  });

  it('gives the same signal each time, not aborted by being answered', () => {
    const request = running();
    const signal = request.signal;
    expect(request.signal).toBe(signal);
    request.claimAnswer();
    expect(signal.aborted).toBe(false);
  });

  it('stops the work of a request already answered when the client goes away', () => {
    const request = running();
    const { signal } = request;
    request.claimAnswer();
    request.cancel('The client closed the connection');
    expect(signal.aborted).toBe(true);
  });
});
