// Providers and typed contexts, and the NO_STORE error where there is no store to read.

import { act, render, screen } from '@testing-library/react'
import { Component, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDatastore, DatastoreError } from '../../src/index'
import { createDatastoreContext, DatastoreProvider, useDatastore } from '../../src/react'
import { renderStrict, text } from './helpers'

class Catch extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    return this.state.error === undefined ? this.props.children : <p data-testid="caught">caught</p>
  }
}

/** Renders `ui` and returns what it threw during render. */
function thrownBy(ui: ReactNode): unknown {
  let caught: unknown
  class Boundary extends Catch {
    override componentDidCatch(error: unknown) {
      caught = error
    }
  }
  const view = render(<Boundary>{ui}</Boundary>)
  expect(view.container.querySelector('[data-testid="caught"]')).not.toBeNull()
  return caught
}

let errors: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => errors.mockRestore())

describe('without a store', () => {
  test('useDatastore outside a provider throws NO_STORE, saying what to do', () => {
    function Orphan() {
      return <p>{useDatastore<string>('name')}</p>
    }
    const error = thrownBy(<Orphan />)
    expect(error).toBeInstanceOf(DatastoreError)
    expect((error as DatastoreError).code).toBe('NO_STORE')
    expect((error as DatastoreError).message).toMatch(/<DatastoreProvider store=\{store\}>/)
    expect((error as DatastoreError).message).toMatch(/useDatastore\(store, path\)/)
  })

  test('a store given as undefined falls back to the provider, and throws NO_STORE without one', () => {
    const store = createDatastore({ name: 'ada' })
    function Maybe({ given }: { given?: typeof store }) {
      return <p data-testid="maybe">{useDatastore(given as typeof store, 'name')}</p>
    }
    renderStrict(
      <DatastoreProvider store={store}>
        <Maybe />
      </DatastoreProvider>,
    )
    expect(text('maybe')).toBe('ada')
    expect((thrownBy(<Maybe />) as DatastoreError).code).toBe('NO_STORE')
  })

  test('a typed context hook outside its provider throws NO_STORE, even under the default provider', () => {
    const Typed = createDatastoreContext<{ n: number }>()
    function Reader() {
      return <p>{Typed.useDatastore('n')}</p>
    }
    function StoreUser() {
      Typed.useStore()
      return null
    }
    const store = createDatastore({ n: 1 })
    const inDefault = thrownBy(<DatastoreProvider store={store}><Reader /></DatastoreProvider>) as DatastoreError
    expect(inDefault.code).toBe('NO_STORE')
    expect(inDefault.message).toContain('createDatastoreContext()')
    expect((thrownBy(<StoreUser />) as DatastoreError).code).toBe('NO_STORE')
  })

  test('an invalid path throws INVALID_PATH from the hook', () => {
    const store = createDatastore({ a: 1 })
    function Bad() {
      return <p>{String(useDatastore(store, ['a', '__proto__'] as never))}</p>
    }
    expect((thrownBy(<Bad />) as DatastoreError).code).toBe('FORBIDDEN_KEY')
  })
})

describe('typed contexts', () => {
  interface Counter {
    count: number
    history: number[]
  }

  test('Provider, useDatastore and useStore work together', () => {
    const Counter = createDatastoreContext<Counter>()
    const store = createDatastore<Counter>({ count: 0, history: [] })
    function Count() {
      const count = Counter.useDatastore('count')
      const last = Counter.useDatastore('history', (history) => history.at(-1) ?? 'none')
      const counter = Counter.useStore()
      return (
        <button
          data-testid="count"
          onClick={() =>
            void counter.transaction((tx) => {
              tx.append('history', tx.get('count'))
              tx.increment('count')
            })
          }
        >{`${count}/${last}`}</button>
      )
    }
    renderStrict(
      <Counter.Provider store={store}>
        <Count />
      </Counter.Provider>,
    )
    expect(text('count')).toBe('0/none')
    act(() => screen.getByTestId('count').click())
    act(() => screen.getByTestId('count').click())
    expect(text('count')).toBe('2/1')
    expect(store.get('history')).toEqual([0, 1])
  })

  test('two contexts hold two stores side by side, apart from the default provider', () => {
    const Left = createDatastoreContext<{ side: string }>()
    const Right = createDatastoreContext<{ side: string }>()
    function Sides() {
      return <p data-testid="sides">{`${Left.useDatastore('side')}|${Right.useDatastore('side')}|${useDatastore<string>('side')}`}</p>
    }
    renderStrict(
      <DatastoreProvider store={createDatastore({ side: 'default' })}>
        <Left.Provider store={createDatastore({ side: 'left' })}>
          <Right.Provider store={createDatastore({ side: 'right' })}>
            <Sides />
          </Right.Provider>
        </Left.Provider>
      </DatastoreProvider>,
    )
    expect(text('sides')).toBe('left|right|default')
  })

  test('the nearest provider wins', () => {
    const outer = createDatastore({ who: 'outer' })
    const inner = createDatastore({ who: 'inner' })
    function Who({ id }: { id: string }) {
      return <p data-testid={id}>{useDatastore<string>('who')}</p>
    }
    renderStrict(
      <DatastoreProvider store={outer}>
        <Who id="a" />
        <DatastoreProvider store={inner}>
          <Who id="b" />
        </DatastoreProvider>
      </DatastoreProvider>,
    )
    expect([text('a'), text('b')]).toEqual(['outer', 'inner'])
  })
})
