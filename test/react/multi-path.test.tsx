// Multi-path selection: one selection over several paths, rendered only when one of them changed
// and the selection differs; shallowEqual for selections that build arrays.

import { act, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDatastore, DatastoreError } from '../../src/index'
import { DatastoreProvider, shallowEqual, useDatastore } from '../../src/react'
import { createCommitLog, renderStrict, text } from './helpers'

const initial = () => ({ user: { name: 'ada', score: 0 }, count: 1, other: 0, list: [1, 2, 3] })

let errors: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => errors.mockRestore())

describe('multi-path selection', () => {
  test('the selector gets the values in order and the component follows both paths', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    function Greeting() {
      log.useCommit('greeting')
      const greeting = useDatastore(store, [['user', 'name'], ['count']], (name, count) => `${name} x${count}`)
      return <p data-testid="greeting">{greeting}</p>
    }
    renderStrict(<Greeting />)
    expect(text('greeting')).toBe('ada x1')
    log.reset()
    act(() => void store.set(['user', 'name'], 'bob'))
    expect(text('greeting')).toBe('bob x1')
    act(() => void store.increment('count'))
    expect(text('greeting')).toBe('bob x2')
    expect(log.counts).toEqual({ greeting: 2 })
    expect(errors).not.toHaveBeenCalled()
  })

  test('a commit elsewhere neither renders nor reruns the selector', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    const select = vi.fn((name: string, count: number) => `${name}${count}`)
    function Greeting() {
      log.useCommit('greeting')
      return <p>{useDatastore(store, [['user', 'name'], ['count']], select)}</p>
    }
    renderStrict(<Greeting />)
    log.reset()
    select.mockClear()
    act(() => void store.increment('other'))
    act(() => void store.increment(['user', 'score']))
    expect(log.counts).toEqual({})
    expect(select).not.toHaveBeenCalled()
  })

  test('a change of a path that leaves the selection the same does not render', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    function Parity() {
      log.useCommit('parity')
      const parity = useDatastore(store, [['count'], ['other']], (count, other) => (count + other) % 2)
      return <p data-testid="parity">{parity}</p>
    }
    renderStrict(<Parity />)
    log.reset()
    act(() => void store.transaction((tx) => (tx.increment('count'), tx.increment('other'))))
    expect(log.counts).toEqual({})
    act(() => void store.increment('count'))
    expect(log.counts).toEqual({ parity: 1 })
    expect(text('parity')).toBe('0')
  })

  test('one commit that changes both paths is one render', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    function Both() {
      log.useCommit('both')
      return <p data-testid="both">{useDatastore(store, [['user', 'name'], ['count']], (name, count) => name + count)}</p>
    }
    renderStrict(<Both />)
    log.reset()
    act(() => void store.transaction((tx) => (tx.set(['user', 'name'], 'eve'), tx.increment('count'))))
    expect(log.counts).toEqual({ both: 1 })
    expect(text('both')).toBe('eve2')
  })

  test('with shallowEqual, a selection that builds an array renders only when an item changed', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    function Big() {
      log.useCommit('big')
      const big = useDatastore(store, [['list'], ['count']], (list, min) => list.filter((n) => n > min), shallowEqual)
      return <p data-testid="big">{big.join(',')}</p>
    }
    renderStrict(<Big />)
    log.reset()
    act(() => void store.append('list', 0))
    expect(log.counts).toEqual({})
    act(() => void store.append('list', 9))
    expect(text('big')).toBe('2,3,9')
    expect(log.counts).toEqual({ big: 1 })
  })

  test("the provider's store works the same way", () => {
    const store = createDatastore(initial())
    function Greeting() {
      return <p data-testid="g">{useDatastore([['user', 'name'], ['count']], (name, count) => `${String(name)}${String(count)}`)}</p>
    }
    renderStrict(
      <DatastoreProvider store={store}>
        <Greeting />
      </DatastoreProvider>,
    )
    act(() => void store.increment('count', 4))
    expect(text('g')).toBe('ada5')
  })

  test('a list of paths without a selector is refused with a DatastoreError', () => {
    const store = createDatastore(initial())
    function Broken() {
      return <p>{String((useDatastore as any)(store, [['count'], ['other']]))}</p>
    }
    expect(() => renderStrict(<Broken />)).toThrow(DatastoreError)
  })
})

describe('shallowEqual', () => {
  test('compares arrays, objects, Maps and Sets one level down', () => {
    const item = { a: 1 }
    expect(shallowEqual([1, item], [1, item])).toBe(true)
    expect(shallowEqual([1, { a: 1 }], [1, { a: 1 }])).toBe(false)
    expect(shallowEqual({ a: 1, b: item }, { b: item, a: 1 })).toBe(true)
    expect(shallowEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(shallowEqual([1], { 0: 1 })).toBe(false)
    expect(shallowEqual(new Map([[1, item]]), new Map([[1, item]]))).toBe(true)
    expect(shallowEqual(new Map([[1, 1]]), new Map([[1, 2]]))).toBe(false)
    expect(shallowEqual(new Set([1, 2]), new Set([2, 1]))).toBe(true)
    expect(shallowEqual(new Set([1]), new Set([2]))).toBe(false)
    expect(shallowEqual(NaN, NaN)).toBe(true)
    expect(shallowEqual<unknown>(null, {})).toBe(false)
  })
})
