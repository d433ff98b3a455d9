// A settings tree where every field is its own component reading its own path: an edit re-renders
// the field that changed, the panels that select from its branch when their selection changes, and
// nothing else.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { createDatastore, type Datastore, type Key } from '../src/index'
import { DatastoreProvider, useDatastore } from '../src/react'
import { Demo, RenderBadge } from './shared'

const initialSettings = {
  profile: { name: 'Ada Lovelace', email: 'ada@example.com' },
  appearance: { theme: 'light', fontSize: 14, compact: false },
  notifications: {
    email: { enabled: true, digest: 'daily' },
    push: { enabled: false, sound: 'chime' },
  },
}

type Settings = typeof initialSettings
// The fields find their paths by walking the tree at run time, so they take the store untyped.
type Store = Datastore<any>
type Leaf = string | number | boolean

const CHOICES: Record<string, readonly string[]> = {
  theme: ['light', 'dark', 'sepia'],
  digest: ['never', 'daily', 'weekly'],
  sound: ['chime', 'bell', 'none'],
}

const testId = (path: readonly Key[]) => path.join('.')

/** One setting: reads its own path and writes it back with `store.set`. */
function Field({ store, path }: { store: Store; path: readonly Key[] }) {
  const value = useDatastore<Leaf>(path)
  const name = String(path[path.length - 1])
  const id = testId(path)
  const write = (next: Leaf) => store.set(path, next)
  const choices = CHOICES[name]
  let input
  if (typeof value === 'boolean') {
    input = <input type="checkbox" aria-label={id} checked={value} onChange={(event) => write(event.target.checked)} />
  } else if (typeof value === 'number') {
    input = <input type="number" aria-label={id} value={value} onChange={(event) => write(Number(event.target.value))} />
  } else if (choices) {
    input = (
      <select aria-label={id} value={value} onChange={(event) => write(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    )
  } else {
    input = <input type="text" aria-label={id} value={value} onChange={(event) => write(event.target.value)} />
  }
  return (
    <div className="field">
      <span className="name">{name}</span>
      <span>{input}</span>
      <RenderBadge testId={`renders-${id}`} />
    </div>
  )
}

/** A branch of the tree: plain layout, no subscription of its own. */
function Branch({ store, path, node }: { store: Store; path: readonly Key[]; node: object }) {
  return (
    <div className="group">
      {Object.entries(node).map(([key, child]) =>
        typeof child === 'object' && child !== null ? (
          <div key={key}>
            <div className="name mono">{key}</div>
            <Branch store={store} path={[...path, key]} node={child} />
          </div>
        ) : (
          <Field key={key} store={store} path={[...path, key]} />
        ),
      )}
    </div>
  )
}

const countEnabled = (notifications: Settings['notifications']) =>
  Object.values(notifications).filter((channel) => channel.enabled).length

/** Selects one number from the notifications branch: it re-renders only when that number changes. */
function ChannelSummary() {
  const enabled = useDatastore(['notifications'], countEnabled)
  return (
    <div className="stat">
      <span>
        channels on: <b data-testid="channels-on">{enabled}</b>
      </span>
      <RenderBadge testId="renders-summary" />
    </div>
  )
}

/** Reads the root, so it re-renders on every edit: the contrast to the fields. */
function WholeTree() {
  const settings = useDatastore<Settings>([])
  return (
    <>
      <div className="stat">
        <span>useDatastore([]) sees every edit</span>
        <RenderBadge testId="renders-root" />
      </div>
      <pre className="mono" data-testid="tree-json" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
        {JSON.stringify(settings, null, 1)}
      </pre>
    </>
  )
}

function NestedEditorDemo() {
  const [store] = useState(() => createDatastore<Settings>(initialSettings))
  return (
    <DatastoreProvider store={store}>
      <Demo title="Nested editor" lead="Edit any field: only its badge grows. The summary re-renders only when the number of channels on changes.">
        <div className="cols">
          <div className="card">
            <h3>settings, one component per field</h3>
            <Branch store={store} path={[]} node={initialSettings} />
          </div>
          <div>
            <div className="card">
              <h3>a selector over ['notifications']</h3>
              <ChannelSummary />
            </div>
            <div className="card">
              <h3>the whole tree</h3>
              <WholeTree />
            </div>
          </div>
        </div>
      </Demo>
    </DatastoreProvider>
  )
}

const meta = {
  title: 'Demos/Nested editor',
  component: NestedEditorDemo,
  parameters: {
    docs: {
      description: {
        component:
          'A tree of nested settings. Every field is its own component that reads its own path, such as ' +
          "`useDatastore(['notifications', 'push', 'enabled'])`, and shows how many times it has rendered. An edit " +
          'commits a new root, but unchanged subtrees keep their identity, so only the edited field re-renders. ' +
          'The summary uses a selector and re-renders only when its number changes; the panel that reads the ' +
          'root re-renders on every edit.',
      },
    },
  },
} satisfies Meta<typeof NestedEditorDemo>

export default meta

export const NestedEditor: StoryObj<typeof meta> = { name: 'Nested editor' }
