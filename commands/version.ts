// kubectl gw version: the plugin's version and, when a cluster is reachable, the Gateway API release
// installed in it (from the Gateway CRD's bundle-version and channel annotations).

import {Flags} from '@oclif/core'
import {GwCommand} from '../cli/base.js'
import {sharedFlags} from '../cli/flags.js'
import {escapeControl} from '../src/printers/escape.js'
import {parseRequestTimeout} from '../src/sources/kubeconfig.js'
import {UserError} from '../src/sources/request.js'
import type {GatewayApiInstall} from '../src/version/gateway-api.js'
import {parseVersionFormat, renderVersion} from '../src/version/render.js'

export default class Version extends GwCommand {
  static override description = `Print the kubectl-gw version and the Gateway API version of the current cluster.

The Gateway API version is the bundle-version and channel annotations of the cluster's Gateway CustomResourceDefinition (one read). As with kubectl version, an unreachable cluster prints the client version, then the error, and exits 1.`

  static override examples = [
    {description: 'Client and cluster versions', command: 'kubectl gw version'},
    {description: 'The plugin alone, as JSON', command: 'kubectl gw version --client -o json'},
  ]

  // Only the flags that mean something here: no namespace, selector or files.
  static override baseFlags = {
    output: Flags.string({char: 'o', description: "One of 'yaml' or 'json'", helpValue: 'FORMAT'}),
    kubeconfig: sharedFlags.kubeconfig,
    context: sharedFlags.context,
    'request-timeout': sharedFlags['request-timeout'],
  }

  static override flags = {
    client: Flags.boolean({description: 'If true, shows client version only (no server required)'}),
  }

  async run(): Promise<void> {
    const {flags: shared} = await this.parseShared()
    const flags = shared as typeof shared & {client?: boolean}
    const format = parseVersionFormat(flags.output)
    let gatewayApi: GatewayApiInstall | undefined
    let failure: UserError | undefined
    if (!flags.client) {
      try {
        const {readGatewayApiInstall} = await import('../src/version/gateway-api.js')
        gatewayApi = await readGatewayApiInstall({
          kubeconfig: flags.kubeconfig,
          context: flags.context,
          requestTimeoutMs: parseRequestTimeout(flags['request-timeout'] ?? '0'),
        })
      } catch (e) {
        if (!(e instanceof UserError)) throw e
        failure = e
      }
    }
    if (gatewayApi?.state === 'unverified') this.err(escapeControl(`Warning: Gateway API version unverified: ${gatewayApi.reason}`))
    this.out(renderVersion({clientVersion: `v${this.config.version}`, gatewayApi}, format))
    if (failure) {
      this.err(failure.message)
      this.exit(failure.exitCode)
    }
  }
}
