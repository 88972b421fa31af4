// The plugin's TLS identity (go-plugin AutoMTLS): a fresh self-signed ECDSA P-256 certificate for
// `localhost` per process, valid as server and client and as its own CA, like the host's own certificate.
// Node builds keys and signatures but not certificates. The certificate's shape is fixed but for five fields
// (organization, serial, the two times, the public key), so its DER is laid out here directly rather than by an
// ASN.1 library, which cost a fifth of the plugin's start-up (~30 ms to load). test/tls-reference.ts builds the
// same certificate with @peculiar/asn1-x509, and tls.test.ts holds the two equal, byte for byte.
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

export interface Identity {
  certPem: string;
  keyPem: string;
  /** The certificate as the handshake line carries it: base64 DER without padding. */
  certLine: string;
}

/** What varies from one certificate to the next. */
export interface CertificateFields {
  organization: string;
  /** A positive INTEGER's minimal DER content: a first byte of 0x01–0x7f. */
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** The SubjectPublicKeyInfo, DER (KeyObject.export({ type: 'spki', format: 'der' })). */
  spki: Buffer;
}

/** One DER TLV: tag, definite length (short or long form), content. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const hex = (s: string) => Buffer.from(s, 'hex');
const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const UTF8_STRING = 0x0c;
const BIT_STRING = 0x03;
/** [0] EXPLICIT Version: v3 (2). */
const VERSION_V3 = hex('a003020102');
/** AlgorithmIdentifier { ecdsa-with-SHA256 (1.2.840.10045.4.3.2) }, no parameters. */
const ECDSA_WITH_SHA256 = hex('300a06082a8648ce3d040302');
/** OBJECT IDENTIFIERs id-at-organizationName (2.5.4.10) and id-at-commonName (2.5.4.3). */
const ORGANIZATION = hex('060355040a');
const COMMON_NAME = hex('0603550403');
/**
 * [3] EXPLICIT Extensions:
 *   basicConstraints (critical) { cA TRUE }
 *   keyUsage (critical) digitalSignature, keyEncipherment, keyAgreement, keyCertSign
 *   extKeyUsage serverAuth, clientAuth
 *   subjectAltName dNSName localhost
 */
const EXTENSIONS = hex(
  'a3583056' +
    '300f0603551d130101ff040530030101ff' +
    '300e0603551d0f0101ff0404030202ac' +
    '301d0603551d250416301406082b0601050507030106082b06010505070302' +
    '30140603551d11040d300b82096c6f63616c686f7374',
);

/** Time as RFC 5280 wants it: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) after. */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, always UTC
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  return d.getUTCFullYear() > 2049 ? der(0x18, Buffer.from(digits, 'latin1')) : der(0x17, Buffer.from(digits.slice(2), 'latin1'));
}

function name(organization: string): Buffer {
  const rdn = (type: Buffer, value: string) => der(SET, der(SEQUENCE, type, der(UTF8_STRING, Buffer.from(value, 'utf8'))));
  return der(SEQUENCE, rdn(ORGANIZATION, organization), rdn(COMMON_NAME, 'localhost'));
}

/** The DER TBSCertificate (what is signed). */
export function tbsCertificate(f: CertificateFields): Buffer {
  const subject = name(f.organization);
  return der(
    SEQUENCE,
    VERSION_V3,
    der(INTEGER, f.serial),
    ECDSA_WITH_SHA256,
    subject, // issuer: self-signed
    der(SEQUENCE, time(f.notBefore), time(f.notAfter)),
    subject,
    f.spki,
    EXTENSIONS,
  );
}

/** The DER Certificate: the TBSCertificate, the algorithm, the (DER ECDSA) signature as a BIT STRING. */
export function certificate(tbs: Buffer, signature: Buffer): Buffer {
  return der(SEQUENCE, tbs, ECDSA_WITH_SHA256, der(BIT_STRING, Buffer.from([0]), signature));
}

/** A self-signed certificate for `localhost`, valid from 30 s ago for `days`. */
export function selfSigned(organization: string, days = 1): Identity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  // A positive INTEGER in minimal DER: a first byte of 0x01–0x7f. (0x00 followed by a byte below 0x80 is
  // non-minimal padding, which OpenSSL rejects: 1 start in 256 failed its handshake that way.)
  serial[0] = serial[0]! & 0x7f || 0x01;
  // Whole seconds, as the certificate holds them.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const tbs = tbsCertificate({
    organization,
    serial,
    notBefore: new Date(now - 30_000),
    notAfter: new Date(now + days * 86_400_000),
    spki: publicKey.export({ type: 'spki', format: 'der' }),
  });
  const cert = certificate(tbs, sign('sha256', tbs, privateKey));
  return {
    certPem: new X509Certificate(cert).toString(),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certLine: cert.toString('base64').replace(/=+$/, ''),
  };
}

/** Checks that a PEM text holds a certificate (the host's, from PLUGIN_CLIENT_CERT). */
export function parseCertificate(pem: string): X509Certificate {
  return new X509Certificate(pem);
}
