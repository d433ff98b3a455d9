// A hostile or buggy peer writes raw messages to the owner's port: duplicated requests, wrong field
// types, unknown kinds, forbidden keys, patches outside their path, values nested too deep. The
// owner answers every request that has an id with the right error, applies a duplicate once, keeps
// its state and Object.prototype intact, and goes on serving.

import { describe, expect, test } from 'vitest'
import { createDatastore, type Datastore } from '../../src/index'
import { PatchOp } from '../../src/core/patches'
import { inspectStore } from '../../src/core/store'
import { exposeDatastore } from '../../src/worker'
import { Msg, PROTOCOL, TAG } from '../../src/worker/wire'
import { settles, turns } from './helpers'
import { channel } from '../shared'

/** The hostile replica's id. */
const EVIL = 0.5
type Raw = unknown[]

/** A replica's request, as the wire carries it: `[TAG, kind, from, id, a, b, c]`. */
const request = (kind: unknown, id: unknown, ...args: unknown[]): Raw => [TAG, kind, EVIL, id, ...args]

/** Exposes `owner` on a channel and speaks raw messages on the other end, as replica EVIL. */
async function hostile(owner: Datastore<any>) {
  const { port1, port2 } = channel()
  exposeDatastore(owner, port1)
  const inbox: Raw[] = []
  port2.on('message', (message: Raw) => inbox.push(message))
  const post = (message: unknown) => port2.postMessage(message)
  post(request(Msg.Hello, 0, PROTOCOL))
  // The owner's messages: `[TAG, kind, epoch, to, id, value, since, version, patches]`.
  const results = (id: number) => inbox.filter((m) => (m[1] === Msg.Result || m[1] === Msg.Failure) && m[3] === EVIL && m[4] === id)
  const until = (what: string, done: () => boolean) =>
    settles((async () => {
      while (!done()) await turns()
    })(), what)
  /** The one answer to request `id`, once it has come: its value, or its error as `{ code, message }`. */
  const answer = async (id: number): Promise<{ value?: unknown; error?: { code: unknown; message: unknown } }> => {
    await until(`the answer to request ${id}`, () => results(id).length > 0)
    await turns(3)
    expect(results(id)).toHaveLength(1)
    const [reply] = results(id) as [Raw]
    if (reply[1] === Msg.Result) return { value: reply[5] }
    const [code, message] = reply[5] as unknown[]
    return { error: { code, message } }
  }
  await until('the snapshot', () => inbox.some((m) => m[1] === Msg.Snapshot))
  return { post, inbox, answer, results, until }
}

const nested = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** What is wrong, the request's kind and arguments, and the code the owner must answer with. */
const malformed: [string, unknown[], string][] = [
  ['an unknown mutation', [Msg.Op, 'explode', ['a']], 'INVALID_VALUE'],
  ['a missing mutation type', [Msg.Op, null], 'INVALID_VALUE'],
  ['a path of the wrong type', [Msg.Op, 'set', 42, 1], 'INVALID_PATH'],
  ['an object in a path', [Msg.Op, 'set', [{}], 1], 'INVALID_PATH'],
  ['a negative index', [Msg.Op, 'set', ['list', -1], 1], 'INVALID_PATH'],
  ['an index past the end', [Msg.Op, 'set', ['list', 5], 1], 'INVALID_PATH'],
  ['a string to increment by', [Msg.Op, 'increment', ['n'], 'x'], 'TYPE_MISMATCH'],
  ['NaN to increment by', [Msg.Op, 'increment', ['n'], NaN], 'TYPE_MISMATCH'],
  ['values that are not a list', [Msg.Op, 'append', ['list'], 'x'], 'TYPE_MISMATCH'],
  ['__proto__ in a path', [Msg.Op, 'set', ['__proto__', 'polluted'], 1], 'FORBIDDEN_KEY'],
  ['constructor.prototype in a path', [Msg.Op, 'set', ['constructor', 'prototype', 'polluted'], 1], 'FORBIDDEN_KEY'],
  ['prototype in a path', [Msg.Op, 'set', ['a', 'prototype'], 1], 'FORBIDDEN_KEY'],
  ['an own __proto__ key in a value', [Msg.Op, 'set', ['x'], JSON.parse('{"__proto__":{"polluted":1}}')], 'FORBIDDEN_KEY'],
  ['a constructor key deep in a value', [Msg.Op, 'set', ['x'], { y: [{ constructor: { prototype: { polluted: 1 } } }] }], 'FORBIDDEN_KEY'],
  ['a value nested 1,500 deep', [Msg.Op, 'set', ['deep'], nested(1500)], 'INVALID_VALUE'],
  ['an unknown kind', ['weird'], 'INVALID_VALUE'],
  ['an unknown kind number', [-1], 'INVALID_VALUE'],
  ['a patch outside its path', [Msg.Cas, ['a'], 0, [PatchOp.Replace, ['list'], 9]], 'INVALID_VALUE'],
  ['__proto__ in a patch path', [Msg.Cas, ['a'], 0, [PatchOp.Add, ['a', '__proto__'], 9]], 'FORBIDDEN_KEY'],
  ['__proto__ in a patch value', [Msg.Cas, ['a'], 0, [PatchOp.Replace, ['a', 'b'], JSON.parse('{"__proto__":{"polluted":1}}')]], 'FORBIDDEN_KEY'],
  ['patches that are not a list', [Msg.Cas, ['a'], 0, 'nope'], 'INVALID_VALUE'],
  ['a patch cut short', [Msg.Cas, ['a'], 0, [PatchOp.Replace, ['a', 'b']]], 'INVALID_VALUE'],
  ['an unknown patch op', [Msg.Cas, ['a'], 0, ['move', ['a', 'b'], 1]], 'INVALID_VALUE'],
  ['a base that is not a version', [Msg.Cas, ['a'], 'zero', []], 'TYPE_MISMATCH'],
  ['a cas path of the wrong type', [Msg.Cas, { a: 1 }, 0, []], 'INVALID_PATH'],
  ['Set elements for what is not a Set', [Msg.Cas, ['a'], 0, [PatchOp.Elements, ['a'], [[], [1]]]], 'TYPE_MISMATCH'],
  ['Set elements for a path that is not there', [Msg.Cas, ['a'], 0, [PatchOp.Elements, ['a', 'x'], [[], [1]]]], 'PATH_NOT_FOUND'],
]

describe('a hostile peer on the owner’s port', () => {
  test(`${malformed.length} malformed requests each get one error with its code, and change nothing`, async () => {
    const owner = createDatastore<Record<string, any>>({ a: { b: 1 }, list: [1] })
    const before = owner.state
    const peer = await hostile(owner)
    for (const [i, [, [kind, ...args]]] of malformed.entries()) peer.post(request(kind, i + 1, ...args))
    for (const [i, [what, , code]] of malformed.entries()) {
      const reply = await peer.answer(i + 1)
      expect({ what, code: reply.error?.code }).toStrictEqual({ what, code })
      expect(typeof reply.error?.message).toBe('string')
    }
    expect(owner.state).toBe(before)
    expect(owner.version).toBe(0)
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted')

    // The peer is still served, and the owner's own mutations still commit at once.
    peer.post(request(Msg.Op, 1000, 'increment', ['n']))
    expect((await peer.answer(1000)).value).toBe(1)
    await owner.set('ok', true)
    expect(owner.state).toStrictEqual({ a: { b: 1 }, list: [1], n: 1, ok: true })
  })

  test('messages without an id, with fields of the wrong type, in the old format, or of the kinds owners send are ignored without an answer', async () => {
    const owner = createDatastore<Record<string, any>>({ a: 1 })
    const peer = await hostile(owner)
    const count = peer.inbox.length
    peer.post(request(Msg.Op, undefined, 'set', ['a'], 2))
    peer.post(request(Msg.Op, '7', 'set', ['a'], 3))
    peer.post([TAG, Msg.Op, 'evil', 8, 'set', ['a'], 4])
    peer.post([TAG, Msg.Op])
    peer.post({ tag: TAG, kind: 'op', from: EVIL, id: 10, op: { type: 'set', path: ['a'], value: 6 } })
    peer.post(request(Msg.Commit, 99, [PatchOp.Replace, ['a'], 5]))
    peer.post(request(Msg.Release, 99))
    // The kinds an owner sends, and numbers past them, are another bridge's: the owner ignores them.
    peer.post(request(99, 11))
    peer.post([TAG, Msg.Announce, 0.5, 0, 0, undefined, 0, 0, []])
    peer.post([TAG, Msg.Refuse, 0.5, EVIL, 0, 'no', 0, 0, []])
    peer.post(request(-1, 9))
    await peer.answer(9)
    expect(peer.inbox.slice(count).filter((m) => m[1] === Msg.Result || m[1] === Msg.Failure).map((m) => m[4])).toStrictEqual([9])
    expect(owner.state).toStrictEqual({ a: 1 })
    expect(owner.version).toBe(0)
  })

  test('a hello of another protocol version is refused', async () => {
    const peer = await hostile(createDatastore({ a: 1 }))
    peer.post([TAG, Msg.Hello, 0.25, 0, PROTOCOL - 1])
    const refused = (m: Raw) => m[1] === Msg.Refuse && m[3] === 0.25
    await peer.until('the refusal', () => peer.inbox.some(refused))
    expect(peer.inbox.find(refused)![5]).toMatch(/protocol 1 is not 2/)
  })

  test('a duplicated op or cas is applied once and answered once', async () => {
    const owner = createDatastore<Record<string, any>>({ n: 0, a: { b: 1 } })
    const peer = await hostile(owner)
    const op = request(Msg.Op, 1, 'increment', ['n'])
    peer.post(op)
    peer.post(op)
    const cas = request(Msg.Cas, 2, ['a'], 0, [PatchOp.Replace, ['a', 'b'], 2])
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
    peer.post(request(Msg.Acquire, 1))
    await peer.until('the lease', () => peer.inbox.some((m) => m[1] === Msg.Lease && m[4] === 1))
    const queued = owner.set(['a', 'c'], 3)
    expect(inspectStore(owner).queued).toBe(1)
    const good = [PatchOp.Replace, ['a', 'b'], 2]
    peer.post(request(Msg.Commit, 1, [...good, PatchOp.Add, ['__proto__', 'polluted'], 1]))
    expect((await peer.answer(1)).error?.code).toBe('FORBIDDEN_KEY')
    await settles(queued, 'the queued mutation')
    expect(owner.state).toStrictEqual({ a: { b: 1, c: 3 } })
    expect(owner.version).toBe(1)
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
})
