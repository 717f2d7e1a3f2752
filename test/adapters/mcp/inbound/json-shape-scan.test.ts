import {
  scanBodyShape,
  type ScannedMessage,
} from '../../../../src/adapters/mcp/inbound/json-shape-scan.js';
import { bodyOf, nestedArrays } from '../../../support/inbound.js';

/** What the scan saw of each message, as text: the message's bytes and its id's bytes. */
function seen(text: string, maxDepth = 64) {
  const bytes = bodyOf(text);
  const shape = scanBodyShape(bytes, maxDepth);
  const slice = (start: number, end: number): string => bytes.toString('utf8', start, end);
  return {
    batch: shape.batch,
    messages: shape.messages.map((message: ScannedMessage) => ({
      text: slice(message.start, message.end).trim(),
      tooDeep: message.tooDeep,
      id:
        message.idStart === undefined || message.idEnd === undefined
          ? undefined
          : slice(message.idStart, message.idEnd).trim(),
    })),
  };
}

describe('scanBodyShape', () => {
  it('finds one message in a body that is not an array, and the bytes of its id', () => {
    const text = '{"jsonrpc":"2.0","id":7,"method":"ping"}';
    expect(seen(text)).toEqual({
      batch: false,
      messages: [{ text, tooDeep: false, id: '7' }],
    });
  });

  it("takes the id wherever it stands among the message's members, and its value whole", () => {
    expect(seen('{"method":"ping","id":"abc"}').messages[0]!.id).toBe('"abc"');
    expect(seen('{"method":"ping","id":-12,"jsonrpc":"2.0"}').messages[0]!.id).toBe('-12');
    expect(seen('{"id":{"a":[1,2]},"method":"x"}').messages[0]!.id).toBe('{"a":[1,2]}');
    expect(seen('{"method":"ping"}').messages[0]!.id).toBeUndefined();
  });

  it('reads strings as strings: brackets, commas and quotes inside them change nothing', () => {
    const text = '{"x":"[[[[{{{{,}}","id":"a,b}]\\"c","y":"]]]]"}';
    expect(seen(text, 2)).toEqual({
      batch: false,
      messages: [{ text, tooDeep: false, id: '"a,b}]\\"c"' }],
    });
  });

  it('ends a string at a quote after an escaped backslash', () => {
    // "a\\" is the string a\ : the quote after the escaped backslash closes it.
    const text = '{"x":"a\\\\","id":3}';
    expect(seen(text).messages).toEqual([{ text, tooDeep: false, id: '3' }]);
  });

  it('never takes an id nested inside the message, only its own top-level one', () => {
    expect(seen('{"params":{"id":5},"method":"x"}').messages[0]!.id).toBeUndefined();
    expect(seen('{"params":{"id":5},"id":9}').messages[0]!.id).toBe('9');
    expect(seen('{"params":[{"id":5}],"id":"top"}').messages[0]!.id).toBe('"top"');
  });

  it('does not take a value spelled "id" as the id key, nor a longer key that starts with i', () => {
    expect(seen('{"method":"id","x":1}').messages[0]!.id).toBeUndefined();
    expect(seen('{"idx":1,"ixd":2,"d":3}').messages[0]!.id).toBeUndefined();
  });

  it('counts the nesting of the message itself as level 1', () => {
    // { [ [ ] ] }: three levels.
    const text = `{"a":${nestedArrays(2)}}`;
    expect(seen(text, 3).messages[0]!.tooDeep).toBe(false);
    expect(seen(text, 2).messages[0]!.tooDeep).toBe(true);
  });

  it('marks a body of brackets too deep without needing it to be valid JSON', () => {
    const text = `{"id":5,"params":${'['.repeat(10_000)}`;
    expect(seen(text, 64).messages).toEqual([{ text, tooDeep: true, id: '5' }]);
  });

  it('skips whitespace around and inside a message', () => {
    const text = ' \r\n\t{ "id" : 4 , "method" : "ping" } \n';
    const shape = seen(text);
    expect(shape.batch).toBe(false);
    expect(shape.messages).toEqual([
      { text: '{ "id" : 4 , "method" : "ping" }', tooDeep: false, id: '4' },
    ]);
  });

  it('finds each member of a batch, its own depth leaving out the batch array', () => {
    const text = '[{"id":1,"method":"a"}, {"id":2,"x":[[1]]} ,{"method":"n"}]';
    expect(seen(text, 3)).toEqual({
      batch: true,
      messages: [
        { text: '{"id":1,"method":"a"}', tooDeep: false, id: '1' },
        { text: '{"id":2,"x":[[1]]}', tooDeep: false, id: '2' },
        { text: '{"method":"n"}', tooDeep: false, id: undefined },
      ],
    });
    expect(seen(text, 2).messages.map((message) => message.tooDeep)).toEqual([false, true, false]);
  });

  it('finds batch members that are not objects, with no id', () => {
    const text = '[ 3 , "id" , null, [1,{"id":2}], {"id":"x"} ]';
    expect(seen(text).messages).toEqual([
      { text: '3', tooDeep: false, id: undefined },
      { text: '"id"', tooDeep: false, id: undefined },
      { text: 'null', tooDeep: false, id: undefined },
      { text: '[1,{"id":2}]', tooDeep: false, id: undefined },
      { text: '{"id":"x"}', tooDeep: false, id: '"x"' },
    ]);
  });

  it('starts afresh at each batch member: one deep member and its id leave the next alone', () => {
    const text = '[{"a":1,"id":' + nestedArrays(5) + '},{"method":"x"}]';
    expect(seen(text, 3).messages).toEqual([
      { text: '{"a":1,"id":' + nestedArrays(5) + '}', tooDeep: true, id: nestedArrays(5) },
      { text: '{"method":"x"}', tooDeep: false, id: undefined },
    ]);
  });

  it('finds no message in an empty batch, with or without whitespace', () => {
    expect(seen('[]')).toEqual({ batch: true, messages: [] });
    expect(seen('  [ \n ]  ')).toEqual({ batch: true, messages: [] });
  });

  it('takes a body that is neither an array nor an object as one message', () => {
    expect(seen('42')).toEqual({ batch: false, messages: [{ text: '42', tooDeep: false }] });
    expect(seen('not json').messages).toHaveLength(1);
  });
});
