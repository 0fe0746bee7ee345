// TLS material for the test API server: a throwaway CA and a server certificate for 127.0.0.1 and
// localhost, made with the openssl CLI once per test process. kubectl only sends bearer tokens over
// TLS, and client-node refuses plain http without insecure-skip-tls-verify, so tests need real TLS.

import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

export interface TlsMaterial {
  caPem: string
  certPem: string
  keyPem: string
}

let cached: Promise<TlsMaterial> | undefined

/** The CA and server key pair shared by every test server of this process. */
export function testTls(): Promise<TlsMaterial> {
  cached ??= makeTls()
  return cached
}

async function makeTls(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-tls-'))
  const openssl = (args: string[]) => run('openssl', args, {cwd: dir})
  // P-256 keys: quick to generate, and both Go (kubectl) and Node accept them.
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  try {
    await openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '7', '-subj', '/CN=kubectl-gw test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
    await openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kubectl-gw test apiserver'])
    await writeFile(
      join(dir, 'server.ext'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
    )
    await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt',
      '-days', '7', '-extfile', 'server.ext'])
    const [caPem, certPem, keyPem] = await Promise.all(['ca.crt', 'server.crt', 'server.key'].map((f) => readFile(join(dir, f), 'utf8')))
    return {caPem, certPem, keyPem}
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}
