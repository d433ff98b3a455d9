// The contrast to the bridge: a worker that shares state the naive way, by posting copies. It adds
// to its own copy and posts the whole state back; the page does the same. Whichever copy arrives
// last replaces the other side's, so the additions made meanwhile are lost.

/** The state both sides copy back and forth. */
export type NaiveState = { total: number; byPage: number; byWorker: number }

/** Messages of the naive demo, in both directions. */
export type NaiveMessage = { app: 'naive-state'; state: NaiveState } | { app: 'naive-start'; rounds: number } | { app: 'naive-done' }

let state: NaiveState = { total: 0, byPage: 0, byWorker: 0 }

const post = (message: NaiveMessage) => postMessage(message)

async function run(rounds: number) {
  for (let i = 0; i < rounds; i++) {
    state = { ...state, total: state.total + 1, byWorker: state.byWorker + 1 }
    post({ app: 'naive-state', state })
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  post({ app: 'naive-done' })
}

addEventListener('message', (event: MessageEvent<NaiveMessage>) => {
  const data = event.data
  if (data.app === 'naive-state') state = data.state
  else if (data.app === 'naive-start') void run(data.rounds)
})
