import { describe, expect, it } from 'vitest';
import { fieldValues } from './values.js';

const name = ['process', 'name'];

describe('fieldValues: V(f) of SEMANTICS.md', () => {
  it('reads nested objects, dotted keys and mixtures alike', () => {
    expect(fieldValues({ process: { name: 'a' } }, name)).toEqual(['a']);
    expect(fieldValues({ 'process.name': 'a' }, name)).toEqual(['a']);
    expect(fieldValues({ process: { 'code_signature.trusted': true } }, ['process', 'code_signature', 'trusted'])).toEqual([true]);
    expect(fieldValues({ 'process.code_signature': { trusted: false } }, ['process', 'code_signature', 'trusted'])).toEqual([false]);
  });

  it('takes path segments that contain dots as the dotted name they spell', () => {
    expect(fieldValues({ process: { name: 'a' } }, ['process.name'])).toEqual(['a']);
  });

  it('keeps every value when an event spells the same field both ways', () => {
    expect(fieldValues({ a: { b: 1 }, 'a.b': 2 }, ['a', 'b'])).toEqual([1, 2]);
  });

  it('flattens arrays, arrays of arrays and arrays of objects', () => {
    expect(fieldValues({ process: { name: ['a', ['b', ['c']]] } }, name)).toEqual(['a', 'b', 'c']);
    expect(fieldValues({ process: [{ name: 'a' }, { name: ['b'] }, { 'name.x': 'no' }] }, name)).toEqual(['a', 'b']);
    expect(fieldValues({ process: [{ name: 'a' }, 'stray', null] }, name)).toEqual(['a']);
  });

  it('gives nothing for null, [], [null], an absent path or an object', () => {
    for (const value of [null, [], [null], { nested: 'x' }, undefined]) expect(fieldValues({ process: { name: value } }, name)).toEqual([]);
    expect(fieldValues({}, name)).toEqual([]);
    expect(fieldValues({ process: 'scalar' }, name)).toEqual([]);
    expect(fieldValues({ process: { name: ['a', null, 'b'] } }, name)).toEqual(['a', 'b']);
  });

  it('keeps "" and other falsy values as present', () => {
    expect(fieldValues({ process: { name: ['', 0, false] } }, name)).toEqual(['', 0, false]);
  });

  it('does not stop at a partial key match', () => {
    expect(fieldValues({ 'process.na': 'x', processname: 'y', 'process.name.x': 'z' }, name)).toEqual([]);
  });

  it('repairs unpaired surrogates (from JSON \\ud800 escapes) to U+FFFD', () => {
    expect(fieldValues(JSON.parse('{"process":{"name":"a\\ud800b\\udc00"}}'), name)).toEqual(['a\uFFFDb\uFFFD']);
    expect(fieldValues({ process: { name: '😀' } }, name)).toEqual(['😀']);
  });
});
