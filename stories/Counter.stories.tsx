// The quick start in React: a counter with increment, decrement, delete and init, and a text field
// bound to the store, each component reading its own path with useDatastore.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { createDatastore } from '../src/index'
import { DatastoreProvider, useDatastore } from '../src/react'
import { Demo, RenderBadge } from './shared'

type State = { counter?: number; name: string }

function makeStore() {
  return createDatastore<State>({ counter: 0, name: 'world' })
}

type Store = ReturnType<typeof makeStore>

function CounterValue() {
  const counter = useDatastore<number | undefined>('counter')
  return (
    <div className="row">
      <span className="big" data-testid="counter-value">
        {counter ?? '—'}
      </span>
      <span className="muted">{counter === undefined ? 'missing: init can set it' : 'counter'}</span>
      <RenderBadge testId="counter-renders" />
    </div>
  )
}

function CounterButtons({ store }: { store: Store }) {
  const [said, say] = useState('')
  const init = async () => {
    const kept = store.has('counter')
    const value = await store.init('counter', 10)
    say(kept ? `init kept ${value}: the path was set` : `init set ${value}`)
  }
  return (
    <>
      <div className="row">
        <button type="button" onClick={() => store.increment('counter')}>
          increment
        </button>
        <button type="button" onClick={() => store.decrement('counter')}>
          decrement
        </button>
        <button type="button" className="ghost" onClick={() => store.delete('counter')}>
          delete
        </button>
        <button type="button" className="ghost" onClick={init}>
          init 10
        </button>
      </div>
      <p className="muted" data-testid="counter-said">
        {said || '\u00a0'}
      </p>
    </>
  )
}

function NameField({ store }: { store: Store }) {
  const name = useDatastore<string>('name')
  return (
    <label>
      name
      <input type="text" aria-label="name" value={name} onChange={(event) => store.set('name', event.target.value)} />
      <RenderBadge testId="name-renders" />
    </label>
  )
}

function Greeting() {
  const name = useDatastore<string>('name')
  return (
    <p className="big" style={{ fontSize: 24 }} data-testid="greeting">
      Hello, {name}!
    </p>
  )
}

function CounterDemo() {
  const [store] = useState(makeStore)
  return (
    <DatastoreProvider store={store}>
      <Demo title="Counter" lead="Click the buttons and type a name. Each box reads one path and re-renders only when it changes.">
        <div className="cols">
          <div className="card">
            <h3>store.increment · decrement · delete · init</h3>
            <CounterValue />
            <CounterButtons store={store} />
          </div>
          <div className="card">
            <h3>useDatastore('name')</h3>
            <NameField store={store} />
            <Greeting />
          </div>
        </div>
      </Demo>
    </DatastoreProvider>
  )
}

const meta = {
  title: 'Demos/Counter',
  component: CounterDemo,
  parameters: {
    docs: {
      description: {
        component:
          "The quick start in React. `useDatastore('counter')` reads one path from the store given to " +
          '`<DatastoreProvider>`; the buttons call `increment`, `decrement`, `delete` and `init` (which sets ' +
          'only a missing path). The text field writes with `store.set` and reads with `useDatastore`, so the ' +
          'input and the greeting stay in step. The badges count renders: typing never re-renders the counter.',
      },
    },
  },
} satisfies Meta<typeof CounterDemo>

export default meta

export const Counter: StoryObj<typeof meta> = {}
