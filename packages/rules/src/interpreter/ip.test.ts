import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIpAddress } from './ip.js';

const inBlock = (cidr: string, address: string) => {
  const block = parseCidr(cidr);
  const bytes = parseIpAddress(address);
  if (!block || !bytes) throw new Error(`invalid ${cidr} or ${address}`);
  return cidrContains(block, bytes);
};

describe('IP addresses as Elasticsearch parses them', () => {
  it.each([
    '1.2.3.4',
    '0.0.0.0',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    '2001:db8::7:8',
    '1:2:3:4:5:6:7:8',
    '::ffff:1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
    'ABCD::ef',
  ])('accepts %s', (text) => {
    expect(parseIpAddress(text)).toHaveLength(16);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.256',
    '1.2.3.-1',
    ' 1.2.3.4',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8',
    ':1::',
    'fe80::1%eth0',
    '12345::',
    'g::',
    '1.2.3.4/8',
    'localhost',
  ])('rejects %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });

  it('stores IPv4 as the IPv4-mapped IPv6 address', () => {
    expect(parseIpAddress('1.2.3.4')).toEqual(parseIpAddress('::ffff:1.2.3.4'));
    expect(parseIpAddress('::1.2.3.4')).not.toEqual(parseIpAddress('1.2.3.4'));
  });
});

describe('CIDR blocks', () => {
  it('parses blocks and bare addresses, clearing host bits', () => {
    expect(parseCidr('10.6.48.157/8')).toEqual({ family: 4, prefixLength: 8, address: [10, 0, 0, 0] });
    expect(parseCidr('8.8.8.8')).toEqual({ family: 4, prefixLength: 32, address: [8, 8, 8, 8] });
    expect(parseCidr('fe80::1/10')?.address.slice(0, 2)).toEqual([0xfe, 0x80]);
    for (const invalid of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', 'x/8', '010.0.0.0/8'])
      expect(parseCidr(invalid)).toBeUndefined();
  });

  it.each([
    ['10.0.0.0/8', '10.6.48.157', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['192.168.0.0/16', '192.168.255.1', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', 'fe80::1', false],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.3', '10.1.2.4', false],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['::ffff:10.0.0.0/104', '10.200.0.1', true],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['::/0', '1.2.3.4', true],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(inBlock(cidr, address)).toBe(expected);
  });
});
