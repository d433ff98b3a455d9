// The installed package's types, as a TypeScript user's compiler sees them: one consumer file checked
// under moduleResolution bundler, node16 (as ESM and as CommonJS) and node10, with skipLibCheck off.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { projectDir, type Ran, ROOT, run } from './helpers'

const CONSUMER = `
import { createDatastore, DatastoreError, fromJSON, type Path, type PathValue } from 'atomic-datastore'
import { createDatastoreContext, DatastoreProvider, useDatastore, useHistory } from 'atomic-datastore/react'
import { createHistory, type History } from 'atomic-datastore/history'
import { connectDevtools, type DevtoolsHandle } from 'atomic-datastore/devtools'
import { connectDatastore, exposeDatastore, type DatastoreBridge, type RemoteDatastore } from 'atomic-datastore/worker'
import { bindYjs, type YjsBinding } from 'atomic-datastore/yjs'
import { memoryStorage, persist, type Persisted } from 'atomic-datastore/persist'
import { type Role, type SharedDatastore, shareDatastore } from 'atomic-datastore/tabs'
import { createElement, type ReactElement } from 'react'

interface State {
  user: { profile: { score: number; name: string } }
  tags: string[]
}

const store = createDatastore<State>({ user: { profile: { score: 0, name: 'a' } }, tags: [] })
const score: number = store.get(['user', 'profile', 'score'])
const path: Path<State> = ['user', 'profile']
const name: PathValue<State, ['user', 'profile', 'name']> = 'b'
// @ts-expect-error no such key
store.get(['user', 'nope'])
// @ts-expect-error a score is a number
void store.set(['user', 'profile', 'score'], 'high')
// @ts-expect-error a name is not a number
void store.increment(['user', 'profile', 'name'])
// @ts-expect-error tags hold strings
void store.append('tags', 1)
const added: Promise<number> = store.append('tags', 'x')
const copy = fromJSON<State>(store.toJSON())
const failure = new DatastoreError('TIMEOUT', 'too slow')
const code: 'TIMEOUT' | string = failure.code

function Score(): ReactElement {
  const doubled: number = useDatastore(store, ['user', 'profile', 'score'], (value) => value * 2)
  const length: number = useDatastore(store, ['user', 'profile', 'name'], (value) => value.length)
  // @ts-expect-error a name is a string, so the selector gets a string
  useDatastore(store, ['user', 'profile', 'name'], (value: number) => value)
  return createElement('b', null, doubled + length)
}

const typed = createDatastoreContext<State>()
function Name(): ReactElement {
  const value: string = typed.useDatastore(['user', 'profile', 'name'])
  return createElement('i', null, value)
}
const app = createElement(DatastoreProvider, { store }, createElement(Score), createElement(Name))

async function replica(port: MessagePort): Promise<number> {
  const remote: RemoteDatastore<State> = await connectDatastore<State>(port)
  const next: number = await remote.increment(['user', 'profile', 'score'])
  remote.close()
  return next
}
const bridge: DatastoreBridge = exposeDatastore(store, new MessageChannel().port1)

interface Tree {
  value: number
  label?: string
  children: Tree[]
  index: Map<string, Tree>
}
type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9
type Wide = { [K in \`k\${Digit}\${Digit}\`]: { a: { b: { c: number; d: string[] } }; e: boolean } }
const trees = createDatastore<{ root: Tree }>()
const wide = createDatastore<Wide>()
const heavy = [
  trees.increment(['root', 'children', 0, 'index', 'x', 'value']),
  trees.append(['root', 'children'], { value: 1, children: [], index: new Map() }),
  wide.increment(['k42', 'a', 'b', 'c']),
  wide.append(['k07', 'a', 'b', 'd'], 'x'),
  wide.set(['k99', 'e'], true),
]

const steps: History = createHistory(store, { limit: 10, path: ['user', 'profile'] })
const undone: Promise<boolean> = steps.undo()
function Buttons(): ReactElement {
  const { canUndo, canRedo } = useHistory(steps)
  return createElement('b', null, String(canUndo && canRedo))
}

const devtools: DevtoolsHandle = connectDevtools(store, { name: 'app', maxAge: 20 })

// yjs's types are ES module only: a CommonJS file names the resolution mode to reach them.
declare const doc: import('yjs', { with: { 'resolution-mode': 'import' } }).Doc
const synced: YjsBinding = bindYjs(store, doc, { name: 'board', path: [], text: [['user', 'profile', 'name']], onError: (error: unknown) => void error })
// @ts-expect-error text paths are paths
bindYjs(store, doc, { text: [1] })

const saved: Persisted = persist(store, { key: 'app', storage: memoryStorage(), version: 2, migrate: (old: { n: number }, from: number) => ({ ...old, from }) })

async function tab(): Promise<Role> {
  const shared: SharedDatastore<State> = await shareDatastore<State>('app', { user: { profile: { score: 0, name: 'a' } }, tags: [] }, { persist: false })
  const next: number = await shared.increment(['user', 'profile', 'score'])
  shared.close()
  return next > 0 ? shared.role : 'follower'
}


export { added, app, Buttons, devtools, undone, bridge, code, copy, heavy, name, path, replica, saved, score, synced, tab }
`

const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] }

const configs: Record<string, { compilerOptions: Record<string, unknown>; files: string[] }> = {
  bundler: { compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'Bundler' }, files: ['consumer.ts'] },
  node16: { compilerOptions: { ...base, module: 'Node16', moduleResolution: 'Node16' }, files: ['consumer.ts', 'consumer-cjs.cts'] },
  node10: { compilerOptions: { ...base, module: 'CommonJS', moduleResolution: 'Node10' }, files: ['consumer.ts'] },
}

const tsc = (name: string) =>
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${name}.json`, '--listFiles', '--extendedDiagnostics'])

/**
 * A ceiling on the type instantiations of the whole check, @types/react included. It stands for
 * "compiles quickly" without a clock: the consumer's recursive and hundred-key states must not
 * multiply the work (a quadratic PathTo once made them run for minutes).
 */
const MAX_INSTANTIATIONS = 300_000

const results = new Map<string, Ran>()

beforeAll(async () => {
  const dir = projectDir()
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER)
  writeFileSync(join(dir, 'consumer-cjs.cts'), CONSUMER)
  for (const [name, config] of Object.entries(configs)) writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify(config, null, 2))
  // The three checks run side by side; each test then reads its own.
  await Promise.all(Object.keys(configs).map(async (name) => results.set(name, await tsc(name))))
})

describe('a TypeScript consumer of the installed package', () => {
  test.each(Object.keys(configs))('type-checks under moduleResolution %s', (name) => {
    const result = results.get(name)!
    expect(result.code, `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes('error')).join('\n')).toBe(0)
    // The declarations come from the tarball, in the flavour that the module system asks for.
    const ours = result.stdout.split('\n').filter((file) => file.includes('node_modules/atomic-datastore/'))
    const flavours = new Set(ours.map((file) => (file.endsWith('.d.cts') ? 'cts' : file.endsWith('.d.ts') ? 'ts' : file)))
    expect([...flavours].sort()).toEqual(name === 'node16' ? ['cts', 'ts'] : ['ts'])
    const instantiations = Number(/^Instantiations:\s+(\d+)$/m.exec(result.stdout)?.[1])
    expect(instantiations).toBeGreaterThan(0)
    expect(instantiations).toBeLessThan(MAX_INSTANTIATIONS)
  })
})
