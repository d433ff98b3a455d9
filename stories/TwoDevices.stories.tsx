// Two devices, each a store with its own Y.Doc, joined by an in-page network with an offline switch
// per device. Increments and appends made while offline all land when both are back online. The
// same demo with a plain last-writer-wins binding (the way a binding that maps only set and delete
// works) loses increments, and says how many.

import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { createDatastore, type Datastore } from '../src/index'
import { DatastoreProvider, useDatastore } from '../src/react'
import { bindYjs } from '../src/yjs'
import { Demo } from './shared'

type State = { counter: number; list: string[] }
type Mode = 'merge' | 'lww'

/** A binding that writes whole top-level values and reads them back: last writer wins, per key. */
function bindLastWriterWins(store: Datastore<State>, doc: Y.Doc): () => void {
  const map = doc.getMap<unknown>('plain')
  const me = {}
  let applying = false
  const stop = store.subscribe((state, prev) => {
    if (applying) return
    doc.transact(() => {
      for (const key of Object.keys(state) as (keyof State)[]) if (state[key] !== prev[key]) map.set(key, JSON.parse(JSON.stringify(state[key])))
    }, me)
  })
  const onChange = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (transaction.origin === me) return
    applying = true
    for (const key of event.keysChanged) void store.set(key as keyof State, map.get(key) as never)
    applying = false
  }
  if (map.size === 0) doc.transact(() => Object.entries(store.state).forEach(([key, value]) => map.set(key, value)), me)
  map.observe(onChange)
  return () => {
    stop()
    map.unobserve(onChange)
  }
}

interface Device {
  readonly name: string
  readonly store: Datastore<State>
  readonly doc: Y.Doc
}

/** The in-page network: each doc's updates reach the other while both are online; going online exchanges what was missed. */
function makeNetwork(mode: Mode) {
  const devices: Device[] = ['A', 'B'].map((name) => ({ name, store: createDatastore<State>({ counter: 0, list: [] }), doc: new Y.Doc() }))
  const [a, b] = devices as [Device, Device]
  // A starts the shared doc; B joins it before its binding starts, so both bind to the same state.
  const unbind = devices.map((d) => {
    if (d === b) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
    return mode === 'merge' ? bindYjs(d.store, d.doc).destroy : bindLastWriterWins(d.store, d.doc)
  })
  const online = new Set(devices)
  const exchange = () => {
    if (online.size < 2) return
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), 'network')
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), 'network')
  }
  for (const d of devices) d.doc.on('update', (_: Uint8Array, origin: unknown) => origin !== 'network' && exchange())
  return {
    devices,
    setOnline(d: Device, on: boolean) {
      if (on) online.add(d)
      else online.delete(d)
      exchange()
    },
    destroy: () => unbind.forEach((stop) => stop()),
  }
}

function DeviceCard({ device, made, onWrite, online, setOnline }: { device: Device; made: number; onWrite: (n: number) => void; online: boolean; setOnline: (on: boolean) => void }) {
  const counter = useDatastore<number>('counter')
  const list = useDatastore<string[]>('list')
  const id = device.name.toLowerCase()
  const append = () => {
    void device.store.append('list', `${device.name}${list.filter((item) => item.startsWith(device.name)).length + 1}`)
    onWrite(0)
  }
  return (
    <div className="card">
      <h3>
        device {device.name} · {online ? <span className="good">online</span> : <span className="bad">offline</span>}
      </h3>
      <div className="row">
        <span className="big" data-testid={`${id}-counter`}>
          {counter}
        </span>
        <span className="muted">counter · {made} increments made here</span>
      </div>
      <div className="row">
        <button type="button" aria-label={`increment on ${device.name}`} onClick={() => (void device.store.increment('counter'), onWrite(1))}>
          increment
        </button>
        <button type="button" className="ghost" aria-label={`append on ${device.name}`} onClick={append}>
          append
        </button>
        <label>
          <input type="checkbox" aria-label={`${device.name} online`} checked={online} onChange={(event) => setOnline(event.target.checked)} />
          online
        </label>
      </div>
      <p className="muted" data-testid={`${id}-list`}>
        {list.join(' ') || '(empty list)'}
      </p>
    </div>
  )
}

type Network = ReturnType<typeof makeNetwork>

function Totals({ network, made, bothOnline }: { network: Network; made: number; bothOnline: boolean }) {
  const [a, b] = network.devices as [Device, Device]
  const counters = [useDatastore(a.store, 'counter'), useDatastore(b.store, 'counter')]
  const lost = made - Math.max(...counters)
  return (
    <div className="card">
      <div className="stat">
        <span>increments made on both devices</span>
        <b data-testid="made">{made}</b>
      </div>
      <div className="stat">
        <span>increments lost once both are online</span>
        <b data-testid="lost" className={bothOnline && lost > 0 ? 'bad' : 'good'}>
          {bothOnline ? lost : '…'}
        </b>
      </div>
    </div>
  )
}

function TwoDevicesDemo() {
  const [mode, setMode] = useState<Mode>('merge')
  const [network, setNetwork] = useState<Network>()
  const [online, setOnlineState] = useState<Record<string, boolean>>({ A: true, B: true })
  const [made, setMade] = useState<Record<string, number>>({ A: 0, B: 0 })
  useEffect(() => {
    const next = makeNetwork(mode)
    setNetwork(next)
    setOnlineState({ A: true, B: true })
    setMade({ A: 0, B: 0 })
    return next.destroy
  }, [mode])
  return (
    <Demo title="Two devices" lead="Take both devices offline, increment and append on each, then bring them back online.">
      <div className="card">
        <label>
          binding
          <select aria-label="binding" value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
            <option value="merge">bindYjs: merges by mutation</option>
            <option value="lww">plain last-writer-wins</option>
          </select>
        </label>
      </div>
      {network && (
        <>
          <div className="cols">
            {network.devices.map((device) => (
              <DatastoreProvider key={`${mode}-${device.name}`} store={device.store}>
                <DeviceCard
                  device={device}
                  made={made[device.name]!}
                  onWrite={(n) => setMade((m) => ({ ...m, [device.name]: m[device.name]! + n }))}
                  online={online[device.name]!}
                  setOnline={(on) => {
                    network.setOnline(device, on)
                    setOnlineState((o) => ({ ...o, [device.name]: on }))
                  }}
                />
              </DatastoreProvider>
            ))}
          </div>
          <Totals key={mode} network={network} made={made.A! + made.B!} bothOnline={online.A! && online.B!} />
        </>
      )}
    </Demo>
  )
}

const meta = {
  title: 'Demos/Two Devices',
  component: TwoDevicesDemo,
  parameters: {
    docs: {
      description: {
        component:
          'Two stores, each bound with `bindYjs` to its own `Y.Doc`, joined by an in-page network with an ' +
          'offline switch per device. Increments made while apart add up, because the counter lives in the ' +
          'doc as one entry per device; appends all land in one order on both. Switch the binding to plain ' +
          'last-writer-wins (what a binding that only maps set and delete does) and the same clicks lose ' +
          'increments: each device writes its own total, and one of them wins.',
      },
    },
  },
} satisfies Meta<typeof TwoDevicesDemo>

export default meta

export const TwoDevices: StoryObj<typeof meta> = {}
