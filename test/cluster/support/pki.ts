// Certificates for the real kube-apiserver of the cluster tier, made with the openssl CLI: a CA, the
// serving certificate (loopback SANs), client certificates for the admin (group system:masters) and
// the restricted identity (a plain user that RBAC limits), and the service-account signing key (RSA,
// as kube-apiserver requires).

import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

export interface Pki {
  dir: string
  caCert: string
  serverCert: string
  serverKey: string
  saKey: string
  saPub: string
  admin: {cert: string; key: string}
  restricted: {cert: string; key: string}
}

export const ADMIN_USER = 'kubectl-gw-admin'
export const RESTRICTED_USER = 'kubectl-gw-restricted'

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']})
}

/** A key and a certificate signed by the CA in `dir`, with the given subject and X.509v3 extensions. */
function issue(dir: string, name: string, subject: string, extensions: string): {cert: string; key: string} {
  const ext = join(dir, `${name}.ext`)
  writeFileSync(ext, extensions)
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject])
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', ext])
  return {cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`)}
}

export function makePki(dir: string): Pki {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kubectl-gw-test-ca'])
  const server = issue(dir, 'server', '/CN=kube-apiserver',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
    'subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default.svc\n')
  const client = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n'
  const admin = issue(dir, 'admin', `/O=system:masters/CN=${ADMIN_USER}`, client)
  const restricted = issue(dir, 'restricted', `/CN=${RESTRICTED_USER}`, client)
  openssl(dir, ['genrsa', '-out', 'sa.key', '2048'])
  openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'])
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: server.cert,
    serverKey: server.key,
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
    admin,
    restricted,
  }
}
