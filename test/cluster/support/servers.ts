// Runs a real etcd and kube-apiserver on loopback for the cluster tier, and stops them: the caller
// owns the returned `stop`, and every child is also killed when this process exits (normally, on an
// uncaught error, or on SIGINT/SIGTERM), so a failed or interrupted run leaves no servers behind.

import {spawn, type ChildProcess} from 'node:child_process'
import {createWriteStream, readFileSync, writeFileSync} from 'node:fs'
import {request} from 'node:https'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {stringify} from 'yaml'
import type {Pki} from './pki.js'

export interface Servers {
  url: string
  /** The API server's audit log (one JSON event per request, level Metadata): what each client asked. */
  auditLog: string
  /** One kubeconfig with contexts `admin` (current) and `restricted`. */
  kubeconfig: string
  logs: {etcd: string; apiserver: string}
  stop(): Promise<void>
}

const children = new Set<ChildProcess>()
const cleanups = new Set<() => void>()
let hooked = false

function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const f of cleanups) {
    try {
      f()
    } catch {
      // Best effort on the way out: a leftover scratch directory is not worth a second error.
    }
  }
}

/** Runs `f` (synchronously) if the process exits or is interrupted before `stop`; returns the unregister. */
export function onAbort(f: () => void): () => void {
  hookExit()
  cleanups.add(f)
  return () => cleanups.delete(f)
}

/** Process-exit hooks, installed once: kill our servers, then let the signal do what it would have done. */
function hookExit(): void {
  if (hooked) return
  hooked = true
  process.on('exit', killAll)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll()
      process.kill(process.pid, sig)
    })
  }
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => done(port))
    })
  })
}

function start(bin: string, args: string[], log: string): ChildProcess {
  hookExit()
  const out = createWriteStream(log)
  const child = spawn(bin, args, {stdio: ['ignore', 'pipe', 'pipe']})
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/** Polls until `probe` resolves true; fails with the log's tail when the child dies or time runs out. */
async function waitFor(what: string, child: ChildProcess, log: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready; log ${log}:\n${tail(log)}`)
    }
    if (await probe().catch(() => false)) return
    if (Date.now() > until) throw new Error(`${what} not ready after ${timeoutMs / 1000}s; log ${log}:\n${tail(log)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

function httpsGet(url: string, pki: Pki): Promise<{status: number; body: string}> {
  return new Promise((done, fail) => {
    const req = request(url, {ca: readFileSync(pki.caCert), cert: readFileSync(pki.admin.cert), key: readFileSync(pki.admin.key), timeout: 5000}, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => done({status: res.statusCode ?? 0, body}))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', fail)
    req.end()
  })
}

export interface StartOptions {
  binDir: string
  pki: Pki
  /** Fresh directory for etcd data and logs. */
  workDir: string
}

export async function startServers({binDir, pki, workDir}: StartOptions): Promise<Servers> {
  const [clientPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()]
  const etcdLog = join(workDir, 'etcd.log')
  const apiLog = join(workDir, 'kube-apiserver.log')
  const etcdUrl = `http://127.0.0.1:${clientPort}`
  const peerUrl = `http://127.0.0.1:${peerPort}`
  const etcd = start(join(binDir, 'etcd'), [
    '--name=kubectl-gw-test',
    `--data-dir=${join(workDir, 'etcd-data')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=kubectl-gw-test=${peerUrl}`,
    // A throwaway data dir: durability costs time and buys nothing here.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ], etcdLog)
  const stopAll = async () => {
    for (const c of [api, etcd]) if (c) await stopChild(c)
  }
  let api: ChildProcess | undefined
  try {
    await waitFor('etcd', etcd, etcdLog, 60_000, async () => (await fetch(`${etcdUrl}/health`)).ok)
    const url = `https://127.0.0.1:${apiPort}`
    const auditLog = join(workDir, 'audit.log')
    const auditPolicy = join(workDir, 'audit-policy.yaml')
    // Only the requests' lines (URI, verb, user, user agent, code), once each, when answered.
    writeFileSync(auditPolicy, stringify({apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived', 'ResponseStarted'], rules: [{level: 'Metadata'}]}))
    api = start(join(binDir, 'kube-apiserver'), [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      // The range kubeadm defaults to, which the example Services' clusterIPs come from.
      '--service-cluster-ip-range=10.96.0.0/12',
      // No controller-manager runs: admission that waits for controllers (a Namespace's default
      // ServiceAccount) is off; nothing here creates Pods.
      '--disable-admission-plugins=ServiceAccount',
      `--audit-log-path=${auditLog}`,
      `--audit-policy-file=${auditPolicy}`,
      '--audit-log-mode=blocking',
      '--profiling=false',
      '--v=1',
    ], apiLog)
    await waitFor('kube-apiserver', api, apiLog, 180_000, async () => (await httpsGet(`${url}/readyz`, pki)).status === 200)
    const kubeconfig = join(workDir, 'kubeconfig')
    writeFileSync(kubeconfig, stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: 'test', cluster: {server: url, 'certificate-authority': pki.caCert}}],
      users: [
        {name: 'admin', user: {'client-certificate': pki.admin.cert, 'client-key': pki.admin.key}},
        {name: 'restricted', user: {'client-certificate': pki.restricted.cert, 'client-key': pki.restricted.key}},
      ],
      contexts: [
        {name: 'admin', context: {cluster: 'test', user: 'admin'}},
        {name: 'restricted', context: {cluster: 'test', user: 'restricted'}},
      ],
      'current-context': 'admin',
    }))
    return {url, auditLog, kubeconfig, logs: {etcd: etcdLog, apiserver: apiLog}, stop: stopAll}
  } catch (e) {
    await stopAll()
    throw e
  }
}
