// Regenerates the example cluster's throwaway TLS material (examples/70-secrets.yaml and the CA
// bundle of examples/71-configmaps.yaml print to stdout as YAML fragments): an example CA and leaf
// certificates valid for 100 years, with the listeners' hostnames as SANs. The keys are test keys,
// published on purpose; never use them for anything. Needs the devDependency node-forge.
//   node scripts/example-certs.mjs > /tmp/certs.yaml

import {generateKeyPairSync} from 'node:crypto'
import forge from 'node-forge'

const FROM = new Date('2026-01-01T00:00:00Z')
const TO = new Date('2126-01-01T00:00:00Z')

function key() {
  const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  return {priv: privateKey.export({type: 'pkcs8', format: 'pem'}).toString(), pub: publicKey.export({type: 'spki', format: 'pem'}).toString()}
}

function cert({cn, sans = [], ca = false, k, issuer, serial}) {
  const c = forge.pki.createCertificate()
  c.publicKey = forge.pki.publicKeyFromPem(k.pub)
  c.serialNumber = serial
  c.validity.notBefore = FROM
  c.validity.notAfter = TO
  const subject = [{name: 'commonName', value: cn}, {name: 'organizationName', value: 'kubectl-gw example (throwaway test key)'}]
  c.setSubject(subject)
  c.setIssuer(issuer ? issuer.cert.subject.attributes : subject)
  const ext = [{name: 'basicConstraints', cA: ca}]
  if (sans.length) ext.push({name: 'subjectAltName', altNames: sans.map((value) => ({type: 2, value}))})
  if (ca) ext.push({name: 'keyUsage', keyCertSign: true, cRLSign: true})
  c.setExtensions(ext)
  c.sign(forge.pki.privateKeyFromPem((issuer ? issuer.k : k).priv), forge.md.sha256.create())
  return {cert: c, pem: forge.pki.certificateToPem(c), k}
}

const caKey = key()
const ca = cert({cn: 'kubectl-gw example CA', ca: true, k: caKey, serial: '01'})
const leaves = [
  {ns: 'infra', name: 'shop-example-com-tls', sans: ['shop.example.com'], serial: '10'},
  {ns: 'certs', name: 'wildcard-example-com-tls', sans: ['*.example.com', 'example.com'], serial: '11'},
  {ns: 'shop', name: 'store-apps-example-com-tls', sans: ['store.apps.example.com'], serial: '13'},
]
const b64 = (s) => Buffer.from(s).toString('base64')
const out = []
for (const l of leaves) {
  const leaf = cert({cn: l.sans[0], sans: l.sans, k: key(), issuer: ca, serial: l.serial})
  out.push(`# ${l.ns}/${l.name}\n  tls.crt: ${b64(leaf.pem + ca.pem)}\n  tls.key: ${b64(leaf.k.priv)}`)
}
out.push(`# CA bundle\n${ca.pem}`)
process.stdout.write(out.join('\n') + '\n')
