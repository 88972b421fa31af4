// The AutoMTLS certificate as @peculiar/asn1-x509 builds it: the reference src/tls.ts's hand-laid DER is held
// to, byte for byte (tls.test.ts). This was src/tls.ts's own code until the ASN.1 library came off the start path.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as x from '@peculiar/asn1-x509';
import type { CertificateFields } from '../src/tls';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

function extension(id: string, critical: boolean, value: object): x.Extension {
  return new x.Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function arrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const algorithm = () => new x.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });

function tbs(f: CertificateFields): x.TBSCertificate {
  const rdn = (type: string, value: string) =>
    new x.RelativeDistinguishedName([new x.AttributeTypeAndValue({ type, value: new x.AttributeValue({ utf8String: value }) })]);
  const name = new x.Name([rdn(ORGANIZATION, f.organization), rdn(COMMON_NAME, 'localhost')]);
  return new x.TBSCertificate({
    version: x.Version.v3,
    serialNumber: arrayBuffer(f.serial),
    signature: algorithm(),
    issuer: name,
    subject: name,
    validity: new x.Validity({ notBefore: f.notBefore, notAfter: f.notAfter }),
    subjectPublicKeyInfo: AsnConvert.parse(f.spki, x.SubjectPublicKeyInfo),
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
}

/** The DER TBSCertificate the library builds for these fields. */
export function referenceTbs(f: CertificateFields): Buffer {
  return Buffer.from(AsnConvert.serialize(tbs(f)));
}

/** The DER certificate the library builds for these fields and this signature over referenceTbs(f). */
export function referenceCertificate(f: CertificateFields, signature: Buffer): Buffer {
  return Buffer.from(
    AsnConvert.serialize(new x.Certificate({ tbsCertificate: tbs(f), signatureAlgorithm: algorithm(), signatureValue: arrayBuffer(signature) })),
  );
}
