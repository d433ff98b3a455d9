// Undo and redo in a todo list: createHistory under the `todos` path (the text being typed is not
// recorded), buttons from useHistory, Ctrl+Z / Ctrl+Shift+Z, and a timeline of the commits as
// connectDevtools names them, drawn by a small monitor of the extension's connect contract.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { connectDevtools, type DevtoolsExtension } from '../src/devtools'
import { createHistory, type History } from '../src/history'
import { createDatastore } from '../src/index'
import { DatastoreProvider, useDatastore, useHistory } from '../src/react'
import { Demo } from './shared'

type Todo = { id: number; title: string; done: boolean }
type State = { todos: Todo[]; draft: string; nextId: number }

function makeStore() {
  return createDatastore<State>({
    todos: [
      { id: 1, title: 'Buy milk', done: false },
      { id: 2, title: 'Write the report', done: true },
    ],
    draft: '',
    nextId: 3,
  })
}

type Store = ReturnType<typeof makeStore>

/** A monitor with the extension's `connect` contract that keeps the names of the actions it is sent. */
function timelineMonitor(onAction: (name: string) => void): DevtoolsExtension {
  return {
    connect: () => ({
      init: () => onAction('@@INIT'),
      send: (action) => action && onAction(action.type),
      subscribe: () => () => {},
    }),
  }
}

function TodoList({ store }: { store: Store }) {
  const todos = useDatastore<Todo[]>('todos')
  return (
    <ul className="todos" data-testid="todos">
      {todos.map((todo, index) => (
        <li key={todo.id}>
          <label>
            <input type="checkbox" aria-label={`done: ${todo.title}`} checked={todo.done} onChange={() => store.set(['todos', index, 'done'], !todo.done)} />
            <span className={todo.done ? 'muted' : undefined}>{todo.title}</span>
          </label>
          <button type="button" className="ghost" aria-label={`delete: ${todo.title}`} onClick={() => store.delete(['todos', index])}>
            ×
          </button>
        </li>
      ))}
    </ul>
  )
}

function NewTodo({ store }: { store: Store }) {
  const draft = useDatastore<string>('draft')
  const add = () =>
    store.transaction(
      (tx) => {
        const title = tx.get('draft').trim()
        if (!title) return
        tx.append('todos', { id: tx.get('nextId'), title, done: false })
        tx.increment('nextId')
        tx.set('draft', '')
      },
      { name: 'add todo' },
    )
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <input type="text" aria-label="new todo" placeholder="What needs doing?" value={draft} onChange={(event) => store.set('draft', event.target.value)} />
      <button type="submit">add</button>
      <button
        type="button"
        className="ghost"
        onClick={() => store.transaction((tx) => tx.set('todos', tx.get('todos').filter((todo) => !todo.done)), { name: 'clear done' })}
      >
        clear done
      </button>
    </form>
  )
}

function UndoButtons({ history }: { history: History }) {
  const { canUndo, canRedo } = useHistory(history)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || (event.target as HTMLElement).tagName === 'INPUT') return
      const key = event.key.toLowerCase()
      if (key === 'z' && !event.shiftKey) void history.undo()
      else if ((key === 'z' && event.shiftKey) || key === 'y') void history.redo()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [history])
  return (
    <div className="row">
      <button type="button" disabled={!canUndo} onClick={() => history.undo()}>
        undo
      </button>
      <button type="button" disabled={!canRedo} onClick={() => history.redo()}>
        redo
      </button>
      <span className="muted">Ctrl+Z · Ctrl+Shift+Z</span>
    </div>
  )
}

function UndoRedoDemo() {
  const [store] = useState(makeStore)
  const [history, setHistory] = useState<History>()
  const [timeline, setTimeline] = useState<string[]>([])
  useEffect(() => {
    const made = createHistory(store, { path: ['todos'] })
    const devtools = connectDevtools(store, { name: 'todos', extension: timelineMonitor((name) => setTimeline((names) => [...names, name])) })
    setHistory(made)
    return () => {
      devtools.disconnect()
      made.stop()
      setTimeline([])
    }
  }, [store])
  return (
    <DatastoreProvider store={store}>
      <Demo title="Undo and redo" lead="Add, tick and delete todos, then undo and redo with the buttons or the keyboard. Typing is not recorded: the history covers the todos only.">
        <div className="cols">
          <div className="card">
            <h3>createHistory(store, {'{'} path: ['todos'] {'}'})</h3>
            {history && <UndoButtons history={history} />}
            <NewTodo store={store} />
            <TodoList store={store} />
          </div>
          <div className="card">
            <h3>connectDevtools: each commit by name</h3>
            <ol className="timeline mono" data-testid="timeline">
              {timeline
                .filter((name) => !name.startsWith('set draft'))
                .map((name, index) => (
                  <li key={index}>{name}</li>
                ))}
            </ol>
          </div>
        </div>
      </Demo>
    </DatastoreProvider>
  )
}

const meta = {
  title: 'Demos/Undo and redo',
  component: UndoRedoDemo,
  parameters: {
    docs: {
      description: {
        component:
          "A todo list with `createHistory(store, { path: ['todos'] })`: every commit under `todos` is one step " +
          '(the `add todo` and `clear done` transactions too), `undo` and `redo` are jobs on the store queue, and ' +
          "`useHistory` enables the buttons. Typing into the field writes `draft`, outside the history's path, so " +
          'undo never eats keystrokes. The timeline is a small monitor given to `connectDevtools`: it shows each ' +
          'commit named as Redux DevTools would show it (keystrokes left out).',
      },
    },
  },
} satisfies Meta<typeof UndoRedoDemo>

export default meta

export const UndoAndRedo: StoryObj<typeof meta> = {}
