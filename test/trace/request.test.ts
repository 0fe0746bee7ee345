import {describe, expect, test} from 'vitest'
import {parseTraceRequest} from '../../src/trace/request.js'

describe('parseTraceRequest', () => {
  test.each([
    ['http://Shop.Example.com/cart?x=1&y=a%20b', {scheme: 'http', host: 'shop.example.com', port: 80, path: '/cart', method: 'GET', query: [{name: 'x', value: '1'}, {name: 'y', value: 'a b'}]}],
    ['https://shop.example.com', {scheme: 'https', port: 443, path: '/'}],
    ['http://shop.example.com:8080/', {port: 8080}],
    ['grpc://api.example.com/store.Catalog/List', {scheme: 'grpc', port: 80, method: 'POST', grpc: {service: 'store.Catalog', method: 'List'}}],
    ['grpcs://api.example.com:8443/s/M', {scheme: 'grpcs', port: 8443}],
    ['tls://db.example.com:5432', {scheme: 'tls', port: 5432, path: '/', method: ''}],
    ['tls://db.example.com', {port: 443}],
    ['tcp://db.example.com:5432', {scheme: 'tcp', port: 5432}],
    ['udp://dns.example.com:53', {scheme: 'udp', port: 53}],
  ])('%s', (url, want) => {
    expect(parseTraceRequest({url})).toMatchObject(want)
  })

  test('-X and -H: the method upper-cased, header names lower-cased, Host overrides the URL host', () => {
    const r = parseTraceRequest({url: 'http://a.example.com/', method: 'post', headers: ['X-Canary: true', 'Host: b.example.com:8080']})
    expect(r.method).toBe('POST')
    expect(r.headers).toEqual([{name: 'x-canary', value: 'true'}, {name: 'host', value: 'b.example.com:8080'}])
    expect(r.host).toBe('b.example.com')
  })

  test.each([
    ['shop.example.com/cart', /cannot parse URL/],
    ['ftp://a.example.com/', /unsupported scheme "ftp"/],
    ['http:///path', /no valid host/],
    ['http://a.example.com:99999/', /port 99999 is not between 1 and 65535/],
    ['tcp://db.example.com', /tcp:\/\/ needs a port/],
    ['tcp://db.example.com:5432/x', /has no path/],
    ['grpc://a.example.com/only-service', /SERVICE\/METHOD/],
  ])('%s is rejected: %s', (url, message) => {
    expect(() => parseTraceRequest({url})).toThrow(message)
  })

  test('bad -H and -X are rejected with the argument named', () => {
    expect(() => parseTraceRequest({url: 'http://a/', headers: ['no colon']})).toThrow(/-H "no colon": expected 'Name: value'/)
    expect(() => parseTraceRequest({url: 'http://a/', method: 'G ET'})).toThrow(/-X "G ET" is not an HTTP method/)
    expect(() => parseTraceRequest({url: 'tcp://a:1', method: 'GET'})).toThrow(/-X applies to http/)
    expect(() => parseTraceRequest({url: 'grpc://a/s/m', method: 'GET'})).toThrow(/always POST/)
  })

  test('control characters in a bad URL are escaped in the message', () => {
    expect(() => parseTraceRequest({url: 'x\u001b[31m'})).toThrow(/x\\x1b\[31m/)
  })
})
