// Remote content the store cannot hold is left out and reported; nothing escapes into Yjs, the
// store stays as it was, and later updates still land.

import * as Y from 'yjs'
import { expect, it } from 'vitest'
import { device, syncAll } from './net'

function victim() {
  const d = device({ n: 1, o: { x: 1 } })
  const evil = new Y.Doc()
  syncAll([d.doc, evil])
  const root = evil.getMap<any>('atomic-datastore')
  /** Sends what `change` does to the evil doc; Y.applyUpdate must not throw. */
  const send = (change: () => void) => {
    const before = Y.encodeStateVector(d.doc)
    evil.transact(change)
    expect(() => Y.applyUpdate(d.doc, Y.encodeStateAsUpdate(evil, before))).not.toThrow()
  }
  return { d, root, send }
}

const codes = (errors: unknown[]) => errors.map((e) => (e as { code: string }).code)

it('a __proto__ key, at the root or deeper, is left out and reported; Object.prototype is untouched', () => {
  const { d, root, send } = victim()
  send(() => {
    root.set('__proto__', new Y.Map([['polluted', true]]))
    root.get('o').set('__proto__', new Y.Map([['polluted', true]]))
    root.set('fine', 'yes')
  })
  expect(({} as any).polluted).toBeUndefined()
  expect(d.store.state).toEqual({ n: 1, o: { x: 1 }, fine: 'yes' })
  expect(codes(d.errors)).toEqual(['FORBIDDEN_KEY', 'FORBIDDEN_KEY'])
  expect(d.errors[0]).toMatchObject({ path: ['__proto__'] })
})

it('a counter holding something other than numbers is left out and reported; the counter keeps its value', () => {
  const { d, root, send } = victim()
  send(() => root.get('n').set('12345', 'lots'))
  expect(d.store.get('n')).toBe(1)
  send(() => root.get('n').set('$counter', { value: 'x' }))
  expect(d.store.get('n')).toBe(1)
  expect(codes(d.errors)).toEqual(['TYPE_MISMATCH', 'TYPE_MISMATCH'])
  expect(d.errors[0]).toMatchObject({ path: ['n'] })
  send(() => root.set('later', 2))
  expect(d.store.get('later')).toBe(2)
})

it('a value nested deeper than the store allows is left out and reported', () => {
  const { d, root, send } = victim()
  send(() => {
    let node: Y.Map<unknown> = root
    for (let i = 0; i < 1500; i++) {
      const child = new Y.Map<unknown>()
      node.set(i ? 'd' : 'deep', child)
      node = child
    }
  })
  expect(d.store.has('deep')).toBe(false)
  expect(codes(d.errors)).toEqual(['INVALID_VALUE'])
  send(() => root.set('after', true))
  expect(d.store.get('after')).toBe(true)
})

it('binary content, XML types, non-finite numbers and bookkeeping keys are left out and reported', () => {
  const { d, root, send } = victim()
  send(() => {
    root.set('bytes', new Uint8Array([1, 2]))
    root.set('xml', new Y.XmlElement('p'))
    root.set('nan', Number.NaN)
    root.set('$weird', 1)
    root.set('ok', [1])
  })
  expect(d.store.state).toEqual({ n: 1, o: { x: 1 }, ok: [1] })
  expect(codes(d.errors)).toEqual(['INVALID_VALUE', 'INVALID_VALUE', 'INVALID_VALUE', 'INVALID_VALUE'])
})

it('an item the store cannot hold, inserted into an array, is left out and reported; later items still land', () => {
  const d = device({ list: [1] })
  const evil = new Y.Doc()
  syncAll([d.doc, evil])
  const list = evil.getMap<any>('atomic-datastore').get('list') as Y.Array<unknown>
  const before = Y.encodeStateVector(d.doc)
  list.push([new Uint8Array([1])])
  Y.applyUpdate(d.doc, Y.encodeStateAsUpdate(evil, before))
  expect(d.errors).toHaveLength(1)
  const next = Y.encodeStateVector(d.doc)
  list.push([3])
  Y.applyUpdate(d.doc, Y.encodeStateAsUpdate(evil, next))
  expect(d.store.get('list')).toEqual([1, 3])
})

it('binding to a doc that already holds a forbidden key leaves that key out and reports it', () => {
  const doc = new Y.Doc()
  const root = doc.getMap<unknown>('atomic-datastore')
  root.set('__proto__', new Y.Map([['polluted', true]]))
  root.set('ok', 1)
  const d = device({ mine: true }, {}, doc)
  expect(d.store.state).toEqual({ ok: 1 })
  expect(codes(d.errors)).toEqual(['FORBIDDEN_KEY'])
  expect(({} as any).polluted).toBeUndefined()
})
