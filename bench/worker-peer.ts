// The worker side of the worker benchmark. As `owner` it owns a store and exposes it to the main
// thread; as `replica` it connects to the main thread's store and times its own round trips. In both
// roles it answers raw `{ ping }` messages with `{ pong }` on the same endpoint.

import { parentPort, workerData } from 'node:worker_threads'
import { createDatastore } from '../src/index'
import { connectDatastore, exposeDatastore } from '../src/worker'
import { roundTrips } from './worker-timing'

const port = parentPort!
const { role } = workerData as { role: 'owner' | 'replica' }

port.on('message', (message: { ping?: number }) => {
  if (typeof message?.ping === 'number') port.postMessage({ pong: message.ping })
})

if (role === 'owner') {
  exposeDatastore(createDatastore({ counter: 0 }), port)
  port.postMessage({ ready: true })
} else {
  const remote = await connectDatastore<{ counter: number }>(port)
  let waiting: ((n: number) => void) | undefined
  port.on('message', (message: { pong?: number; run?: { count: number; rounds: number } }) => {
    if (typeof message?.pong === 'number') waiting?.(message.pong)
    if (!message?.run) return
    const ping = (i: number) =>
      new Promise<number>((resolve) => {
        waiting = resolve
        port.postMessage({ ping: i })
      })
    const { count, rounds } = message.run
    void roundTrips({ raw: ping, remote: () => remote.increment('counter') }, count, rounds).then((result) => port.postMessage({ result }))
  })
  port.postMessage({ ready: true })
}
