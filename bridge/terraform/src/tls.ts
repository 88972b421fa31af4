// The plugin's TLS identity (go-plugin AutoMTLS): a fresh self-signed ECDSA P-256 certificate for
// `localhost` per process, valid as server and client and as its own CA, like the host's own certificate.
// Node builds keys and signatures but not certificates: the DER structure comes from @peculiar/asn1-x509
// (the ASN.1 layer of @peculiar/x509, without its dependency-injection and reflect-metadata start-up cost).
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as x from '@peculiar/asn1-x509';

export interface Identity {
  certPem: string;
  keyPem: string;
  /** The certificate as the handshake line carries it: base64 DER without padding. */
  certLine: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

function extension(id: string, critical: boolean, value: object): x.Extension {
  return new x.Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function arrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** A self-signed certificate for `localhost`, valid from 30 s ago for `days`. */
export function selfSigned(organization: string, days = 1): Identity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rdn = (type: string, value: string) =>
    new x.RelativeDistinguishedName([new x.AttributeTypeAndValue({ type, value: new x.AttributeValue({ utf8String: value }) })]);
  const name = new x.Name([rdn(ORGANIZATION, organization), rdn(COMMON_NAME, 'localhost')]);
  const algorithm = new x.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const serial = randomBytes(16);
  // A positive INTEGER in minimal DER: a first byte of 0x01–0x7f. (0x00 followed by a byte below 0x80 is
  // non-minimal padding, which OpenSSL rejects: 1 start in 256 failed its handshake that way.)
  serial[0] = serial[0]! & 0x7f || 0x01;
  const now = Date.now();
  const tbs = new x.TBSCertificate({
    version: x.Version.v3,
    serialNumber: arrayBuffer(serial),
    signature: algorithm,
    issuer: name,
    subject: name,
    validity: new x.Validity({ notBefore: new Date(now - 30_000), notAfter: new Date(now + days * 86_400_000) }),
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), x.SubjectPublicKeyInfo),
    extensions: new x.Extensions([
      extension(x.id_ce_basicConstraints, true, new x.BasicConstraints({ cA: true })),
      extension(
        x.id_ce_keyUsage,
        true,
        new x.KeyUsage(
          x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyEncipherment | x.KeyUsageFlags.keyAgreement | x.KeyUsageFlags.keyCertSign,
        ),
      ),
      extension(x.id_ce_extKeyUsage, false, new x.ExtendedKeyUsage([x.id_kp_serverAuth, x.id_kp_clientAuth])),
      extension(x.id_ce_subjectAltName, false, new x.SubjectAlternativeName([new x.GeneralName({ dNSName: 'localhost' })])),
    ]),
  });
  const signature = sign('sha256', Buffer.from(AsnConvert.serialize(tbs)), privateKey);
  const der = Buffer.from(
    AsnConvert.serialize(new x.Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: arrayBuffer(signature) })),
  );
  return {
    certPem: new X509Certificate(der).toString(),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certLine: der.toString('base64').replace(/=+$/, ''),
  };
}

/** Checks that a PEM text holds a certificate (the host's, from PLUGIN_CLIENT_CERT). */
export function parseCertificate(pem: string): X509Certificate {
  return new X509Certificate(pem);
}
