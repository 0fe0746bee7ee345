import type {Topology} from '../../src/topology/model.js'

// A small topology with a hostile name, a rejected edge and a dangling edge.
export const sample: Topology = {
  nodes: [
    {id: 'HTTPRoute/shop/web', kind: 'HTTPRoute', namespace: 'shop', label: ['HTTPRoute web', 'shop.example.com']},
    {id: 'Gateway/infra/edge', kind: 'Gateway', namespace: 'infra', label: ['Gateway edge']},
    {id: 'Gateway/infra/edge/http', kind: 'Listener', namespace: 'infra', label: ['http', 'HTTP :80']},
    {id: 'GatewayClass/edge', kind: 'GatewayClass', label: ['GatewayClass edge']},
    {id: 'Service/shop/web', kind: 'Service', namespace: 'shop', label: ['Service web']},
    {id: 'HTTPRoute/dev/bad"\u001b[31m', kind: 'HTTPRoute', namespace: 'dev', label: ['HTTPRoute bad"\u001b[31m\nx'], problem: true},
  ],
  edges: [
    {from: 'Gateway/infra/edge', to: 'GatewayClass/edge'},
    {from: 'Gateway/infra/edge/http', to: 'Gateway/infra/edge'},
    {from: 'HTTPRoute/shop/web', to: 'Gateway/infra/edge/http'},
    {from: 'HTTPRoute/shop/web', to: 'Service/shop/web', label: ':8080'},
    {from: 'HTTPRoute/dev/bad"\u001b[31m', to: 'Gateway/infra/edge/http', label: 'NotAllowedByListeners', rejected: true},
    {from: 'HTTPRoute/shop/web', to: 'Service/nowhere/x'},
  ],
}
