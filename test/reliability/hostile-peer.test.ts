// A hostile or buggy peer writes raw messages to the owner's port: duplicated requests, wrong field
// types, unknown kinds, forbidden keys, patches outside their path, values nested too deep. The
// owner answers every request that has an id with the right error, applies a duplicate once, keeps
// its state and Object.prototype intact, and goes on serving.

import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { createDatastore, type Datastore } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { exposeDatastore } from '../../src/worker'
import { settles, turns } from './helpers'

const TAG = 'atomic-datastore'
type Message = Record<string, any>
const open: MessagePort[] = []

afterEach(() => {
  for (const port of open.splice(0)) port.close()
})

/** Exposes `owner` on a channel and speaks raw messages on the other end, as replica "evil". */
async function hostile(owner: Datastore<any>) {
  const { port1, port2 } = new MessageChannel()
  open.push(port1, port2)
  exposeDatastore(owner, port1)
  const inbox: Message[] = []
  port2.on('message', (message: Message) => inbox.push(message))
  const post = (message: Message) => port2.postMessage({ tag: TAG, from: 'evil', ...message })
  post({ kind: 'hello', protocol: 1 })
  const results = (id: number) => inbox.filter((m) => m.kind === 'result' && m.id === id)
  /** The one answer to request `id`, once it has come. */
  const answer = async (id: number): Promise<Message> => {
    await settles((async () => {
      while (results(id).length === 0) await turns()
    })(), `the answer to request ${id}`)
    await turns(3)
    expect(results(id)).toHaveLength(1)
    return results(id)[0]!
  }
  await settles((async () => {
    while (!inbox.some((m) => m.kind === 'snapshot')) await turns()
  })(), 'the snapshot')
  return { post, inbox, answer, results }
}

const nested = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

const malformed: [string, Message, string][] = [
  ['an unknown mutation', { kind: 'op', op: { type: 'explode', path: ['a'] } }, 'INVALID_VALUE'],
  ['a missing op', { kind: 'op', op: null }, 'INVALID_VALUE'],
  ['a path of the wrong type', { kind: 'op', op: { type: 'set', path: 42, value: 1 } }, 'INVALID_PATH'],
  ['an object in a path', { kind: 'op', op: { type: 'set', path: [{}], value: 1 } }, 'INVALID_PATH'],
  ['a negative index', { kind: 'op', op: { type: 'set', path: ['list', -1], value: 1 } }, 'INVALID_PATH'],
  ['an index past the end', { kind: 'op', op: { type: 'set', path: ['list', 5], value: 1 } }, 'INVALID_PATH'],
  ['a string to increment by', { kind: 'op', op: { type: 'increment', path: ['n'], by: 'x' } }, 'TYPE_MISMATCH'],
  ['NaN to increment by', { kind: 'op', op: { type: 'increment', path: ['n'], by: NaN } }, 'TYPE_MISMATCH'],
  ['values that are not a list', { kind: 'op', op: { type: 'append', path: ['list'], values: 'x' } }, 'TYPE_MISMATCH'],
  ['__proto__ in a path', { kind: 'op', op: { type: 'set', path: ['__proto__', 'polluted'], value: 1 } }, 'FORBIDDEN_KEY'],
  ['constructor.prototype in a path', { kind: 'op', op: { type: 'set', path: ['constructor', 'prototype', 'polluted'], value: 1 } }, 'FORBIDDEN_KEY'],
  ['prototype in a path', { kind: 'op', op: { type: 'set', path: ['a', 'prototype'], value: 1 } }, 'FORBIDDEN_KEY'],
  ['an own __proto__ key in a value', { kind: 'op', op: { type: 'set', path: ['x'], value: JSON.parse('{"__proto__":{"polluted":1}}') } }, 'FORBIDDEN_KEY'],
  ['a constructor key deep in a value', { kind: 'op', op: { type: 'set', path: ['x'], value: { y: [{ constructor: { prototype: { polluted: 1 } } }] } } }, 'FORBIDDEN_KEY'],
  ['a value nested 1,500 deep', { kind: 'op', op: { type: 'set', path: ['deep'], value: nested(1500) } }, 'INVALID_VALUE'],
  ['an unknown kind', { kind: 'weird' }, 'INVALID_VALUE'],
  ['a patch outside its path', { kind: 'cas', path: ['a'], base: 0, patches: [{ op: 'replace', path: ['list'], value: 9 }] }, 'INVALID_VALUE'],
  ['__proto__ in a patch path', { kind: 'cas', path: ['a'], base: 0, patches: [{ op: 'add', path: ['a', '__proto__'], value: 9 }] }, 'FORBIDDEN_KEY'],
  ['__proto__ in a patch value', { kind: 'cas', path: ['a'], base: 0, patches: [{ op: 'replace', path: ['a', 'b'], value: JSON.parse('{"__proto__":{"polluted":1}}') }] }, 'FORBIDDEN_KEY'],
  ['patches that are not a list', { kind: 'cas', path: ['a'], base: 0, patches: 'nope' }, 'INVALID_VALUE'],
  ['an unknown patch op', { kind: 'cas', path: ['a'], base: 0, patches: [{ op: 'move', path: ['a', 'b'] }] }, 'INVALID_VALUE'],
  ['a base that is not a version', { kind: 'cas', path: ['a'], base: 'zero', patches: [] }, 'TYPE_MISMATCH'],
  ['a cas path of the wrong type', { kind: 'cas', path: { a: 1 }, base: 0, patches: [] }, 'INVALID_PATH'],
]

describe('a hostile peer on the owner’s port', () => {
  test(`${malformed.length} malformed requests each get one error with its code, and change nothing`, async () => {
    const owner = createDatastore<Record<string, any>>({ a: { b: 1 }, list: [1] })
    const before = owner.state
    const peer = await hostile(owner)
    for (const [i, [, message]] of malformed.entries()) peer.post({ ...message, id: i + 1 })
    for (const [i, [what, , code]] of malformed.entries()) {
      const reply = await peer.answer(i + 1)
      expect({ what, code: reply.error?.code }).toStrictEqual({ what, code })
      expect(typeof reply.error.message).toBe('string')
    }
    expect(owner.state).toBe(before)
    expect(owner.version).toBe(0)
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted')

    // The peer is still served, and the owner's own mutations still commit at once.
    peer.post({ kind: 'op', id: 1000, op: { type: 'increment', path: ['n'] } })
    expect((await peer.answer(1000)).value).toBe(1)
    await owner.set('ok', true)
    expect(owner.state).toStrictEqual({ a: { b: 1 }, list: [1], n: 1, ok: true })
  })

  test('messages without an id, or with fields of the wrong type, are ignored without an answer', async () => {
    const owner = createDatastore<Record<string, any>>({ a: 1 })
    const peer = await hostile(owner)
    const count = peer.inbox.length
    peer.post({ kind: 'op', op: { type: 'set', path: ['a'], value: 2 } })
    peer.post({ kind: 'op', id: '7', op: { type: 'set', path: ['a'], value: 3 } })
    peer.post({ kind: 'op', id: 8, from: 5, op: { type: 'set', path: ['a'], value: 4 } })
    peer.post({ kind: 'commit', id: 99, patches: [{ op: 'replace', path: ['a'], value: 5 }] })
    peer.post({ kind: 'release', id: 99 })
    peer.post({ kind: 42, id: 9 })
    await peer.answer(9)
    expect(peer.inbox.slice(count).filter((m) => m.kind === 'result').map((m) => m.id)).toStrictEqual([9])
    expect(owner.state).toStrictEqual({ a: 1 })
    expect(owner.version).toBe(0)
  })

  test('a duplicated op or cas is applied once and answered once', async () => {
    const owner = createDatastore<Record<string, any>>({ n: 0, a: { b: 1 } })
    const peer = await hostile(owner)
    const op = { kind: 'op', id: 1, op: { type: 'increment', path: ['n'] } }
    peer.post(op)
    peer.post(op)
    const cas = { kind: 'cas', id: 2, path: ['a'], base: 0, patches: [{ op: 'replace', path: ['a', 'b'], value: 2 }] }
    peer.post(cas)
    peer.post(cas)
    peer.post(op)
    expect((await peer.answer(1)).value).toBe(1)
    expect((await peer.answer(2)).error).toBeUndefined()
    expect(owner.state).toStrictEqual({ n: 1, a: { b: 2 } })
    expect(owner.version).toBe(2)
  })

  test('a lease committed with bad patches commits nothing, answers with the error and frees the store', async () => {
    const owner = createDatastore<Record<string, any>>({ a: { b: 1 } })
    const peer = await hostile(owner)
    peer.post({ kind: 'acquire', id: 1 })
    await settles((async () => {
      while (!peer.inbox.some((m) => m.kind === 'lease' && m.id === 1)) await turns()
    })(), 'the lease')
    const queued = owner.set(['a', 'c'], 3)
    expect(owner[inspectStore]().queued).toBe(1)
    const good = { op: 'replace', path: ['a', 'b'], value: 2 }
    peer.post({ kind: 'commit', id: 1, patches: [good, { op: 'add', path: ['__proto__', 'polluted'], value: 1 }] })
    expect((await peer.answer(1)).error.code).toBe('FORBIDDEN_KEY')
    await settles(queued, 'the queued mutation')
    expect(owner.state).toStrictEqual({ a: { b: 1, c: 3 } })
    expect(owner.version).toBe(1)
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
})
