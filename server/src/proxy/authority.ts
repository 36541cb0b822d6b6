import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * A local certificate authority for the transparent proxy: its certificate (to give clients as a
 * trusted CA) and a signer of leaf certificates for the hosts the proxy answers for. Made with
 * node-forge (certificates) and Node's crypto (RSA keys); never shipped, made on first use.
 */
export interface LocalAuthority {
  /** Where the CA certificate is, in PEM: what clients are told to trust. */
  readonly certFile: string;
  readonly certPem: string;
  /** A certificate for `hosts` (subjectAltName DNS names) signed by this CA, and its key, in PEM. */
  leaf(hosts: readonly string[]): { cert: string; key: string };
}

/** How long the CA and its leaves stay valid (days). */
const CA_DAYS = 3650;
const LEAF_DAYS = 365;
const DAY_MS = 86_400_000;

/** A fresh RSA key pair, as node-forge keys. */
function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey,
  };
}

/** A random positive serial number, as hex. */
const serial = (): string => `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;

/** Makes a CA certificate and key for `now` (ms since the epoch, the real clock: certificates are checked against it). */
function makeAuthority(now: number): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + CA_DAYS * DAY_MS);
  const name = [{ name: 'commonName', value: 'chaos-exchange local CA (testing only)' }, { name: 'organizationName', value: 'chaos-exchange' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/**
 * The local CA kept in `dir` (ca.pem, ca-key.pem), made there on first use; `now` is the real
 * time (ms) the certificates are dated from. The key file is readable by its owner only.
 */
export function loadAuthority(dir: string, now: number): LocalAuthority {
  const certFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  let cert: forge.pki.Certificate;
  let key: forge.pki.rsa.PrivateKey;
  try {
    cert = forge.pki.certificateFromPem(readFileSync(certFile, 'utf8'));
    key = forge.pki.privateKeyFromPem(readFileSync(keyFile, 'utf8')) as forge.pki.rsa.PrivateKey;
    if (cert.validity.notAfter.getTime() < now + LEAF_DAYS * DAY_MS) throw new Error('the CA expires too soon: made anew');
  } catch {
    ({ cert, key } = makeAuthority(now));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, forge.pki.privateKeyToPem(key), { mode: 0o600 });
    writeFileSync(certFile, forge.pki.certificateToPem(cert));
  }
  const certPem = forge.pki.certificateToPem(cert);
  const leaves = new Map<string, { cert: string; key: string }>();
  return {
    certFile, certPem,
    leaf: (hosts) => {
      const id = hosts.join(',');
      const known = leaves.get(id);
      if (known) return known;
      const made = makeLeaf(cert, key, hosts, now);
      leaves.set(id, made);
      return made;
    },
  };
}

/** A server certificate for `hosts`, signed by the CA. */
function makeLeaf(ca: forge.pki.Certificate, caKey: forge.pki.rsa.PrivateKey, hosts: readonly string[], now: number): { cert: string; key: string } {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + LEAF_DAYS * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2, value })) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}
