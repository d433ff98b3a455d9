// Selectors: a new object from every call never loops, and `equals` keeps renders to real changes.

import { act, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { DatastoreProvider, shallowEqual, useDatastore } from '../../src/react'
import { createCommitLog, failOnConsoleErrors, renderStrict, text } from './helpers'

const initial = () => ({ user: { name: 'ada', score: 0, tags: ['a', 'b'] }, other: 0 })

failOnConsoleErrors()

describe('selectors', () => {
  test('a selector that returns a new object on every call renders once per change and never loops', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    const select = vi.fn((user: { name: string; score: number }) => ({ label: `${user.name}:${user.score}` }))
    function Label() {
      log.useCommit('label')
      return <p data-testid="label">{useDatastore(store, 'user', select).label}</p>
    }
    renderStrict(<Label />)
    log.reset()
    act(() => void store.set('other', 1))
    expect(log.counts).toEqual({})
    act(() => void store.increment(['user', 'score']))
    expect(log.counts).toEqual({ label: 1 })
    expect(text('label')).toBe('ada:1')
    expect(select.mock.calls.length).toBeLessThan(20)
  })

  test('an inline selector, new on every render, follows the props it closes over', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    let setSuffix = (_: string) => {}
    function Label() {
      const [suffix, set] = useState('!')
      setSuffix = set
      log.useCommit('label')
      const label = useDatastore(store, 'user', (user) => ({ text: user.name + suffix }))
      return <p data-testid="label">{label.text}</p>
    }
    renderStrict(<Label />)
    log.reset()
    act(() => setSuffix('?'))
    expect(text('label')).toBe('ada?')
    expect(log.counts).toEqual({ label: 1 })
  })

  test('equals suppresses renders when the selection is the same', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    function Badge() {
      log.useCommit('badge')
      const { name } = useDatastore(store, 'user', (user) => ({ name: user.name }), shallowEqual)
      return <p data-testid="badge">{name}</p>
    }
    renderStrict(<Badge />)
    log.reset()
    act(() => void store.increment(['user', 'score']))
    act(() => void store.append(['user', 'tags'], 'c'))
    expect(log.counts).toEqual({})
    act(() => void store.set(['user', 'name'], 'grace'))
    expect(log.counts).toEqual({ badge: 1 })
    expect(text('badge')).toBe('grace')
  })

  test('a derived array at the root, compared item by item', () => {
    const store = createDatastore<Record<string, number>>({ a: 1, b: 2 })
    const log = createCommitLog()
    function Keys() {
      log.useCommit('keys')
      const keys = useDatastore(store, [], (root) => Object.keys(root), shallowEqual)
      return <p data-testid="keys">{keys.join(',')}</p>
    }
    renderStrict(<Keys />)
    log.reset()
    act(() => void store.set('a', 10))
    expect(log.counts).toEqual({})
    act(() => void store.set('c', 3))
    expect(log.counts).toEqual({ keys: 1 })
    expect(text('keys')).toBe('a,b,c')
  })

  test('selectors work on the provider form, and a parent re-render keeps the selection stable under equals', () => {
    const store = createDatastore(initial())
    const log = createCommitLog()
    let rerenderParent = () => {}
    function Tags() {
      log.useCommit('tags')
      const tags = useDatastore('user', (user: { tags: string[] }) => user.tags.map((tag) => tag.toUpperCase()), shallowEqual)
      return <p data-testid="tags">{tags.join('')}</p>
    }
    function Parent() {
      const [, set] = useState(0)
      rerenderParent = () => set((n) => n + 1)
      return <Tags />
    }
    renderStrict(
      <DatastoreProvider store={store}>
        <Parent />
      </DatastoreProvider>,
    )
    expect(text('tags')).toBe('AB')
    log.reset()
    act(() => rerenderParent())
    expect(log.counts).toEqual({ tags: 1 })
    act(() => void store.increment(['user', 'score']))
    expect(log.counts).toEqual({ tags: 1 })
  })
})
