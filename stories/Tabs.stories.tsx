// Two same-origin iframes side by side, each a tab of one shared store: buttons in each add to one
// counter and list, one closes the leading tab (the other takes over), one reloads both.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { type SharedDatastore, shareDatastore } from '../src/tabs'
import { useDatastore } from '../src/react'
import { Demo } from './shared'

interface Shared {
  counter: number
  items: string[]
}

interface Report {
  readonly tabsDemo: string
  readonly role: string
  readonly counter: number
  readonly items: number
}

const STORY = 'demos-tabs--tabs'
const NAMES = ['A', 'B'] as const

/** One tab: joins the shared store and reports its role and totals to the page around it. */
function Tab({ name }: { name: string }) {
  const [store, setStore] = useState<SharedDatastore<Shared>>()
  const [role, setRole] = useState('joining')
  useEffect(() => {
    let live = true
    let joined: SharedDatastore<Shared> | undefined
    shareDatastore<Shared>('storybook-tabs', { counter: 0, items: [] }).then((shared) => {
      joined = shared
      if (!live) return shared.close()
      setStore(shared)
      setRole(shared.role)
      shared.subscribeRole(setRole)
    })
    return () => {
      live = false
      joined?.close()
    }
  }, [])
  if (!store) return <p className="mono">joining…</p>
  return <TabView name={name} store={store} role={role} />
}

function TabView({ name, store, role }: { name: string; store: SharedDatastore<Shared>; role: string }) {
  const counter = useDatastore(store, 'counter')
  const items = useDatastore(store, 'items')
  useEffect(() => {
    const report: Report = { tabsDemo: name, role, counter, items: items.length }
    window.parent.postMessage(report, location.origin)
  }, [name, role, counter, items])
  return (
    <div className="card">
      <h3>
        tab {name} · <span data-testid="tab-role">{role}</span>
      </h3>
      <div className="big" data-testid="tab-counter">
        {counter}
      </div>
      <button type="button" data-testid="tab-increment" onClick={() => void store.increment('counter')}>
        +1
      </button>{' '}
      <button type="button" data-testid="tab-append" onClick={() => void store.append('items', `${name}${items.length + 1}`)}>
        add item
      </button>{' '}
      <button type="button" data-testid="tab-transaction" onClick={() => void store.transaction((tx) => void tx.increment('counter', 10))}>
        +10 in a transaction
      </button>
      <p className="mono" data-testid="tab-items">
        {items.join(' ')}
      </p>
    </div>
  )
}

/** The page: two tabs of the same origin in iframes, and the controls that close or reload them. */
function TabsDemo() {
  const [open, setOpen] = useState<Record<string, number>>({ A: 1, B: 1 })
  const [reports, setReports] = useState<Record<string, Report>>({})
  useEffect(() => {
    const listen = (event: MessageEvent<Report>) => {
      if (event.origin === location.origin && typeof event.data?.tabsDemo === 'string') setReports((all) => ({ ...all, [event.data.tabsDemo]: event.data }))
    }
    window.addEventListener('message', listen)
    return () => window.removeEventListener('message', listen)
  }, [])
  const leader = NAMES.find((name) => open[name] && reports[name]?.role === 'leader')
  const closeLeader = () => {
    if (!leader) return
    setOpen((tabs) => ({ ...tabs, [leader]: 0 }))
    setReports(({ [leader]: _gone, ...rest }) => rest)
  }
  const reload = () => {
    setReports({})
    setOpen((tabs) => Object.fromEntries(NAMES.map((name) => [name, (tabs[name] || 0) + 1])))
  }
  return (
    <Demo title="Tabs" lead="Two tabs of one origin share one store: one leads and persists it to IndexedDB, the other follows. Close the leader and the other takes over; reload both and the state comes back.">
      <p>
        <button type="button" data-testid="tabs-close-leader" onClick={closeLeader} disabled={!leader}>
          Close the leading tab{leader ? ` (${leader})` : ''}
        </button>{' '}
        <button type="button" data-testid="tabs-reload" onClick={reload}>
          Reload both tabs
        </button>
      </p>
      <div className="cols">
        {NAMES.map((name) =>
          open[name] ? (
            <iframe
              key={`${name}${open[name]}`}
              title={`tab ${name}`}
              data-tab={name}
              src={`iframe.html?id=${STORY}&viewMode=story&tab=${name}`}
              style={{ width: '100%', height: 260, border: '1px solid #ccd', borderRadius: 8 }}
            />
          ) : (
            <div className="card" key={name} data-testid={`tabs-closed-${name}`}>
              tab {name} is closed
            </div>
          ),
        )}
      </div>
    </Demo>
  )
}

/** The story: the page, or, inside one of its iframes, one tab. */
function TabsStory() {
  const tab = new URLSearchParams(location.search).get('tab')
  return tab ? <Tab name={tab} /> : <TabsDemo />
}

const meta = {
  title: 'Demos/Tabs',
  component: TabsStory,
  parameters: {
    docs: {
      description: {
        component:
          'Two same-origin iframes stand for two browser tabs. Each calls `shareDatastore(\'storybook-tabs\', initial)`: ' +
          'the tab that holds the Web Lock leads (it owns the store and persists it to IndexedDB), the other is a ' +
          'replica over a BroadcastChannel whose mutations run on the leader\'s queue. Add from either tab and both ' +
          'show the same totals. Close the leading tab and the other takes over from its replica; reload both and ' +
          'the state comes back from IndexedDB.',
      },
    },
  },
} satisfies Meta<typeof TabsStory>

export default meta

export const Tabs: StoryObj<typeof meta> = { name: 'Tabs' }
