/** IPv4 addresses and CIDR ranges as Key Vault's `ipRules` hold them (IPv4 only). */

function toNumber(address: string): number | undefined {
  const parts = address.trim().split('.');
  if (parts.length !== 4) return undefined;

  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** True when `address` is inside `rule` (`a.b.c.d` or `a.b.c.d/n`); false for anything unparsable. */
export function ipInRule(address: string, rule: string): boolean {
  const [base, bits = '32'] = rule.trim().split('/');
  const ip = toNumber(address);
  const network = toNumber(base);
  const prefix = Number(bits);
  if (ip === undefined || network === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    return false;
  }

  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(network / size);
}

/** Returns true for RFC 1918 addresses, which Key Vault records only for traffic through a private endpoint or a service endpoint. */
export function isPrivateAddress(address: string): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((range) => ipInRule(address, range));
}

export function isIpv4(address: string): boolean {
  return toNumber(address) !== undefined;
}
