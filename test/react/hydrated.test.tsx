// useHydrated: the first screen waits for the stored state instead of flashing the initial one;
// server rendering shows the initial state.

import { act, render } from '@testing-library/react'
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { createDatastore } from '../../src/index'
import { memoryStorage, type PersistStorage, persist } from '../../src/persist'
import { DatastoreProvider, useDatastore, useHydrated } from '../../src/react'

type Saved = ReturnType<typeof persist>

function App({ saved, seen }: { saved: Saved; seen: unknown[] }) {
  const hydrated = useHydrated(saved)
  return hydrated ? <Count seen={seen} /> : <p>loading</p>
}

function Count({ seen }: { seen: unknown[] }) {
  const count = useDatastore<number>('count')
  seen.push(count)
  return <p>{`count ${count}`}</p>
}

async function stored(count: number): Promise<PersistStorage> {
  const storage = memoryStorage()
  await storage.set('app', JSON.stringify({ version: 1, state: { count } }))
  return storage
}

describe('useHydrated', () => {
  it('renders the loading screen, then the stored state, never the initial state', async () => {
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'app', storage: await stored(41) })
    const seen: unknown[] = []
    const view = render(
      <StrictMode>
        <DatastoreProvider store={store}>
          <App saved={saved} seen={seen} />
        </DatastoreProvider>
      </StrictMode>,
    )
    expect(view.container.textContent).toBe('loading')
    await act(() => saved.ready)
    expect(view.container.textContent).toBe('count 41')
    expect(seen.every((count) => count === 41)).toBe(true)
  })

  it('is true at once when the state was loaded before the first render', async () => {
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'app', storage: await stored(5) })
    await saved.ready
    const seen: unknown[] = []
    const view = render(
      <DatastoreProvider store={store}>
        <App saved={saved} seen={seen} />
      </DatastoreProvider>,
    )
    expect(view.container.textContent).toBe('count 5')
  })

  it('is true when the stored state could not be read: the app shows the initial state', async () => {
    const storage = memoryStorage()
    await storage.set('app', 'garbage')
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'app', storage })
    const seen: unknown[] = []
    const view = render(
      <DatastoreProvider store={store}>
        <App saved={saved} seen={seen} />
      </DatastoreProvider>,
    )
    await act(() => saved.ready.catch(() => {}))
    expect(view.container.textContent).toBe('count 0')
  })

  it('on the server it is false, whatever has loaded', async () => {
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'app', storage: await stored(3) })
    await saved.ready
    const html = renderToString(
      <DatastoreProvider store={store}>
        <App saved={saved} seen={[]} />
      </DatastoreProvider>,
    )
    expect(html).toBe('<p>loading</p>')
  })
})
