// The plugin's AutoMTLS certificate (src/tls.ts) must parse for every random serial number.
import { X509Certificate } from 'node:crypto';
import { selfSigned } from '../src/tls';

// The module object src/tls.ts calls randomBytes on (a namespace import would be a frozen copy).
const crypto = require('node:crypto') as typeof import('node:crypto');

describe('selfSigned', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a serial number drawn with a zero first byte still makes a valid (minimal DER) certificate', () => {
    const real = crypto.randomBytes;
    jest.spyOn(crypto, 'randomBytes').mockImplementation(((n: number) => {
      const b = real(n);
      if (n === 16) [b[0], b[1]] = [0x00, 0x10]; // 00 10 … would be non-minimal INTEGER padding
      return b;
    }) as typeof crypto.randomBytes);
    const id = selfSigned('test');
    const cert = new X509Certificate(id.certPem);
    expect(cert.serialNumber).toMatch(/^[0-7][0-9A-F]/);
    expect(Buffer.from(id.certLine, 'base64').equals(cert.raw)).toBe(true);
  });

  test('a thousand fresh identities all parse (before the fix about 1 in 256 did not)', () => {
    for (let i = 0; i < 1000; i++) expect(() => new X509Certificate(selfSigned('test').certPem)).not.toThrow();
  });
});
