import { describe, expect, it } from 'vitest';
import { storableParameter, storableText, toJsonb } from './json';

describe('text made storable for PostgreSQL', () => {
  it('replaces NUL and lone surrogates, keeps surrogate pairs and ordinary text', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800')).toBe('x\uFFFD');
    expect(storableText('\uDC00y')).toBe('\uFFFDy');
    expect(storableText('pair \uD83D\uDE00 ok')).toBe('pair \uD83D\uDE00 ok');
    expect(storableText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD'); // reversed pair: both lone
    const plain = 'plain text';
    expect(storableText(plain)).toBe(plain);
  });

  it('writes JSON with no escape jsonb refuses, in values and in keys', () => {
    const text = toJsonb({ ['k\uD800']: ['v\u0000', { deep: '\uDFFF' }], n: 1n, pair: '\uD83D\uDE00' });
    expect(text).not.toMatch(/\\u0000|\\ud[89a-f]/i);
    expect(JSON.parse(text)).toEqual({ ['k\uFFFD']: ['v\uFFFD', { deep: '\uFFFD' }], n: '1', pair: '\uD83D\uDE00' });
  });

  it('cleans query parameters, arrays (unnest) included, and leaves other values alone', () => {
    const d = new Date(0);
    expect(storableParameter(['a\u0000', null, 'b'])).toEqual(['a\uFFFD', null, 'b']);
    expect(storableParameter(d)).toBe(d);
    expect(storableParameter(5)).toBe(5);
  });
});
