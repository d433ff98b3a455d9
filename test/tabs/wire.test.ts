// The tabs speak the worker bridge's wire: each message is the bridge's own, so the bridge's reader
// reads it, and the fields only tabs need sit at named indexes after the bridge's.

import { describe, expect, it } from 'vitest'
import { broadcast, hello, readTabMessage, request, TabO, TabR } from '../../src/tabs/wire'
import { Msg, O, PROTOCOL, R, TAG } from '../../src/worker/wire'
import { readMessage } from '../../src/worker/wire-reader'

describe('the tabs wire', () => {
  it("a follower's request is the bridge's replica message, with the leader's epoch and a lease's version after it", () => {
    const op = request(Msg.Op, 0.25, 7, 1234.5, 'increment', 'count', 2)
    expect(op.slice(0, R.Arg + 1)).toEqual([TAG, Msg.Op, 0.25, 7, 'increment', 'count', 2])
    expect(op[TabR.Epoch]).toBe(1234.5)
    expect(readMessage(op)).toMatchObject({ kind: 'op', from: 0.25, id: 7, op: { type: 'increment', path: ['count'], by: 2 } })
    expect(readTabMessage(op)).toMatchObject({ kind: 'op', epoch: 1234.5 })

    const commit = request(Msg.Commit, 0.25, 8, 1234.5, [0, ['count'], 3], undefined, undefined, 41)
    expect(readTabMessage(commit)).toMatchObject({ kind: 'commit', id: 8, epoch: 1234.5, granted: 41, patches: [{ op: 'add', path: ['count'], value: 3 }] })
    expect(readTabMessage(hello(0.25, 0))).toMatchObject({ kind: 'hello', from: 0.25, protocol: PROTOCOL })
  })

  it("the leader's messages are the bridge's owner messages: one answer as a result or failure, several in a patch's answers", () => {
    const result = broadcast(Msg.Result, 99.5, 0.25, 7, 3, 10, 11, [1, ['count'], 3])
    expect(result[O.Epoch]).toBe(99.5)
    expect(readMessage(result)).toMatchObject({ kind: 'result', to: 0.25, id: 7, value: 3, since: 10, version: 11, patches: [{ op: 'replace', path: ['count'], value: 3 }] })
    const failure = broadcast(Msg.Failure, 99.5, 0.25, 8, ['TYPE_MISMATCH', 'increment: expected a number', ['name']], 11, 11, [])
    expect(readMessage(failure)).toMatchObject({ kind: 'result', error: { code: 'TYPE_MISMATCH', path: ['name'] } })
    const answers = [[0.25, 7, true, 3, 11] as const, [0.75, 2, true, 4, 12] as const]
    const patch = broadcast(Msg.Patch, 99.5, 0, 0, undefined, 11, 12, [], undefined, answers)
    expect(patch[TabO.Answers]).toBe(answers)
    expect(readTabMessage(patch)).toMatchObject({ kind: 'patch', since: 11, version: 12, answers })
    const snapshot = broadcast(Msg.Snapshot, 99.5, 0.25, 0, { count: 3 }, 12, 12, [], [[0.25, 7, []]])
    expect(readTabMessage(snapshot)).toMatchObject({ kind: 'snapshot', to: 0.25, state: { count: 3 }, applied: [[0.25, 7, []]] })
  })

  it('anything else is not a tab message', () => {
    expect(readTabMessage({ t: 'op' })).toBeUndefined()
    expect(readTabMessage(['another-tag', Msg.Op, 1, 1])).toBeUndefined()
  })
})
