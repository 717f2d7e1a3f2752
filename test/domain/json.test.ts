import fc from 'fast-check';
import { exceedsUtf8Bytes, utf8ByteLength } from '../../src/domain/index.js';

/** Any UTF-16 string, lone surrogates included: what a JSON body can hand us. */
const anyUtf16 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((units) => String.fromCharCode(...units));

describe('UTF-8 byte length', () => {
  it('counts 1, 2, 3 and 4 byte characters', () => {
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('')).toBe(0);
  });

  it('counts a lone surrogate as the 3-byte replacement character, as an encoder writes it', () => {
    expect(utf8ByteLength('\ud83d')).toBe(3);
    expect(utf8ByteLength('\ude00x')).toBe(4);
    expect(utf8ByteLength('\ud83d\ud83d')).toBe(6);
  });

  it("agrees with Node's encoder on any string", () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
  });

  it('says whether a string is over a byte budget, on either side of the shortcuts', () => {
    fc.assert(
      fc.property(anyUtf16, fc.integer({ min: 0, max: 200 }), (text, maxBytes) => {
        expect(exceedsUtf8Bytes(text, maxBytes)).toBe(Buffer.byteLength(text, 'utf8') > maxBytes);
      }),
    );
    expect(exceedsUtf8Bytes('€€', 6)).toBe(false);
    expect(exceedsUtf8Bytes('€€', 5)).toBe(true);
  });
});
