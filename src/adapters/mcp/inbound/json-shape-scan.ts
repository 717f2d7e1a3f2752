/** Where one top-level message of a body lies, and what the scan saw of it. */
export interface ScannedMessage {
  readonly start: number;
  readonly end: number;
  /** Nested deeper than the limit: it is not parsed. */
  readonly tooDeep: boolean;
  /** The bytes of its top-level `id` member's value, when it has one. */
  readonly idStart?: number;
  readonly idEnd?: number;
}

export interface BodyShape {
  /** The body is a JSON array: a batch. */
  readonly batch: boolean;
  readonly messages: readonly ScannedMessage[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * One pass over a body's bytes, before anything parses it: where each top-level message is, how
 * deep it nests, and where its `id` is. A message nested past `maxDepth` is then answered without
 * being parsed (V8 parses deep nesting in time that grows much faster than the bytes: a 4 MiB body
 * of brackets costs a second), with its id when the scan found one. The scan assumes nothing about
 * validity: JSON.parse still judges what it is given.
 */
export function scanBodyShape(bytes: Uint8Array, maxDepth: number): BodyShape {
  let first = 0;
  while (isSpace(bytes[first])) first++;
  const batch = bytes[first] === OPEN_ARRAY;
  // Depth counts open brackets; a message's own depth leaves out the batch's array.
  const messageLevel = batch ? 2 : 1;
  const messages: ScannedMessage[] = [];

  let depth = 0;
  let inString = false;
  let start = batch ? -1 : first;
  let deepest = 0;
  let expectKey = false;
  let keyStart = -1;
  let lastKeyIsId = false;
  let idStart: number | undefined;
  let idEnd: number | undefined;
  let awaitingIdValue = false;

  const endMessage = (end: number): void => {
    if (start < 0) return;
    const message: { -readonly [K in keyof ScannedMessage]: ScannedMessage[K] } = {
      start,
      end,
      tooDeep: deepest - (messageLevel - 1) > maxDepth,
    };
    if (idStart !== undefined && idEnd !== undefined) {
      message.idStart = idStart;
      message.idEnd = idEnd;
    }
    messages.push(message);
    start = -1;
    deepest = depth;
    idStart = idEnd = undefined;
    expectKey = lastKeyIsId = awaitingIdValue = false;
  };

  for (let i = first; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) {
        inString = false;
        if (keyStart >= 0) {
          lastKeyIsId = i - keyStart === 3 && bytes[keyStart + 1] === 0x69 && bytes[i - 1] === 0x64;
          keyStart = -1;
        }
      }
      continue;
    }
    if (isSpace(byte)) continue;
    if (batch && depth === 1 && start < 0 && byte !== COMMA && byte !== CLOSE_ARRAY) {
      start = i;
      deepest = depth;
    }
    if (awaitingIdValue) {
      awaitingIdValue = false;
      idStart = i;
    }
    switch (byte) {
      case QUOTE:
        inString = true;
        if (depth === messageLevel && expectKey) {
          keyStart = i;
          expectKey = false;
        }
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        depth++;
        if (depth > deepest) deepest = depth;
        if (depth === messageLevel) expectKey = byte === OPEN_OBJECT;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth === messageLevel && idStart !== undefined && idEnd === undefined) idEnd = i;
        depth--;
        if (batch && depth === 0) endMessage(i);
        break;
      case COMMA:
        if (depth === messageLevel) {
          if (idStart !== undefined && idEnd === undefined) idEnd = i;
          expectKey = true;
        } else if (batch && depth === 1) endMessage(i);
        break;
      case COLON:
        if (depth === messageLevel && lastKeyIsId && idStart === undefined) awaitingIdValue = true;
        lastKeyIsId = false;
        break;
      default:
        break;
    }
  }
  if (!batch) endMessage(bytes.length);
  return { batch, messages };
}
