// The plugin's AutoMTLS certificate (src/tls.ts) must parse for every random serial number, and its hand-laid
// DER must be exactly what @peculiar/asn1-x509 builds for the same fields (test/tls-reference.ts).
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { certificate, selfSigned, tbsCertificate, type CertificateFields } from '../src/tls';
import { referenceCertificate, referenceTbs } from './tls-reference';

// The module object src/tls.ts calls randomBytes on (a namespace import would be a frozen copy).
const crypto = require('node:crypto') as typeof import('node:crypto');

function fields(over: Partial<CertificateFields> = {}): CertificateFields {
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f || 0x01;
  const now = Math.floor(Date.now() / 1000) * 1000;
  return {
    organization: 'openai-iac',
    serial,
    notBefore: new Date(now - 30_000),
    notAfter: new Date(now + 86_400_000),
    spki: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }),
    ...over,
  };
}

describe('the certificate DER equals what the ASN.1 library builds', () => {
  const cases: [string, Partial<CertificateFields>][] = [
    ['fresh fields', {}],
    ['a serial with the smallest first byte', { serial: Buffer.concat([Buffer.from([0x01]), randomBytes(15)]) }],
    ['a serial with the largest first byte', { serial: Buffer.concat([Buffer.from([0x7f]), randomBytes(15)]) }],
    ['other organizations', { organization: 'test-host' }],
    ['a non-ASCII organization', { organization: 'Ünïcödé ☃' }],
    ['an organization long enough for long-form lengths', { organization: 'o'.repeat(300) }],
    [
      'the last UTCTime year and the first GeneralizedTime year',
      { notBefore: new Date('2049-12-31T23:59:59Z'), notAfter: new Date('2050-01-01T00:00:00Z') },
    ],
    ['the first UTCTime year', { notBefore: new Date('1950-01-01T00:00:00Z'), notAfter: new Date('2000-02-29T12:34:56Z') }],
  ];
  test.each(cases)('%s', (_label, over) => {
    const f = fields(over);
    const tbs = tbsCertificate(f);
    expect(tbs.toString('hex')).toBe(referenceTbs(f).toString('hex'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signature = sign('sha256', tbs, privateKey);
    expect(certificate(tbs, signature).toString('hex')).toBe(referenceCertificate(f, signature).toString('hex'));
  });

  test('a hundred random field sets', () => {
    for (let i = 0; i < 100; i++) {
      const f = fields({ organization: randomBytes(1 + (i % 40)).toString('base64'), notAfter: new Date(Date.now() + i * 400 * 86_400_000) });
      f.notAfter.setUTCMilliseconds(0);
      expect(tbsCertificate(f).equals(referenceTbs(f))).toBe(true);
    }
  });
});

describe('selfSigned', () => {
  afterEach(() => jest.restoreAllMocks());

  test('Node parses it as the identity it means: subject, issuer, validity, key, signature, CA, name', () => {
    const before = Date.now();
    const id = selfSigned('openai-iac', 2);
    const cert = new X509Certificate(id.certPem);
    expect(Buffer.from(id.certLine, 'base64').equals(cert.raw)).toBe(true);
    expect(cert.subject).toBe('O=openai-iac\nCN=localhost');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(id.keyPem))).toBe(true);
    expect(createPublicKey(id.keyPem).export({ format: 'jwk' }).crv).toBe('P-256');
    const from = new Date(cert.validFrom).getTime();
    const to = new Date(cert.validTo).getTime();
    expect(from).toBeLessThanOrEqual(before - 29_000);
    expect(from).toBeGreaterThan(before - 32_000);
    expect(to - from).toBe(2 * 86_400_000 + 30_000);
    // The signature really is over the TBSCertificate.
    const raw = cert.raw;
    const tbsLength = raw.readUInt16BE(6) + 4; // 30 82 LL LL | 30 82 LL LL …
    expect(verify('sha256', raw.subarray(4, 4 + tbsLength), cert.publicKey, raw.subarray(4 + tbsLength + 12 + 3))).toBe(true);
  });

  test('two of them complete a mutual TLS handshake, each the other’s CA (as go-plugin uses them)', async () => {
    const server = selfSigned('openai-iac');
    const client = selfSigned('test-host');
    const tlsServer = createServer(
      { key: server.keyPem, cert: server.certPem, ca: [client.certPem], requestCert: true, rejectUnauthorized: true },
      (s: TLSSocket) => s.end(`hello ${s.getPeerCertificate().subject.O}`),
    );
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    try {
      const port = (tlsServer.address() as { port: number }).port;
      const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', key: client.keyPem, cert: client.certPem, ca: [server.certPem] });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      await once(socket, 'end');
      expect(socket.authorized).toBe(true);
      expect(text).toBe('hello test-host');
      socket.destroy();
    } finally {
      tlsServer.close();
    }
  });

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
