import { describe, expect, it } from 'vitest';
import { blockedRange } from './ip-ranges';

describe('blockedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'this-network'],
    ['0.1.2.3', 'this-network'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('refuses IPv4 %s (%s)', (address, reason) => {
    expect(blockedRange(address)).toBe(reason);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-embedded loopback'],
    ['::ffff:7f00:1', 'IPv4-embedded loopback'],
    ['::ffff:169.254.169.254', 'IPv4-embedded link-local'],
    ['0:0:0:0:0:ffff:a00:1', 'IPv4-embedded private'],
    ['64:ff9b::192.168.0.1', 'IPv4-embedded private'],
    ['::10.0.0.1', 'IPv4-embedded private'],
    ['64:ff9b:1::a9fe:a9fe', 'NAT64 local-use'],
    ['64:ff9b:1:c0a8:0:100:808:808', 'NAT64 local-use'],
    ['64:ff9b:1::808:808', 'NAT64 local-use'],
    ['2002:7f00:1::', '6to4-embedded loopback'],
    ['2002:a9fe:a9fe::1', '6to4-embedded link-local'],
    ['2002:c0a8:101:0:0:0:0:1', '6to4-embedded private'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001::1', 'Teredo'],
  ])('refuses IPv6 %s (%s)', (address, reason) => {
    expect(blockedRange(address)).toBe(reason);
  });

  it.each([
    ['8.8.8.8'],
    ['1.1.1.1'],
    ['9.255.255.255'],
    ['11.0.0.0'],
    ['100.63.255.255'],
    ['100.128.0.0'],
    ['172.15.255.255'],
    ['172.32.0.0'],
    ['169.253.255.255'],
    ['192.169.0.1'],
    ['223.255.255.255'],
    ['2606:4700:4700::1111'],
    ['2001:4860:4860::8888'],
    ['fe7f::1'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::8.8.8.8'],
    ['2002:808:808::1'],
    ['2001:1::1'],
  ])('allows the public address %s', (address) => {
    expect(blockedRange(address)).toBeUndefined();
  });

  it('refuses what is not an IP address', () => {
    expect(blockedRange('localhost')).toBe('not an IP address');
    expect(blockedRange('')).toBe('not an IP address');
  });
});
