// The bridge's messages made readable, for tests and tools that watch the wire: a message as an
// object with named fields, and flat patches as `{ op, path, value }` objects. The bridge itself
// never uses it, so it costs an application nothing.

import { PatchOp } from '../core/internal'
import { carriesPatches, isOwnerKind, Msg, O, R, TAG } from './wire'

const KIND_NAMES: Readonly<Record<number, string>> = {
  [Msg.Hello]: 'hello',
  [Msg.Op]: 'op',
  [Msg.Cas]: 'cas',
  [Msg.Acquire]: 'acquire',
  [Msg.Commit]: 'commit',
  [Msg.Release]: 'release',
  [Msg.Resync]: 'resync',
  [Msg.Ping]: 'ping',
  [Msg.Bye]: 'bye',
  [Msg.Announce]: 'announce',
  [Msg.Snapshot]: 'snapshot',
  [Msg.Pong]: 'pong',
  [Msg.Refuse]: 'refuse',
  // A goodbye either way; a failure is a request's final answer, like a result.
  [Msg.Goodbye]: 'bye',
  [Msg.Patch]: 'patch',
  [Msg.Result]: 'result',
  [Msg.Failure]: 'result',
  [Msg.Conflict]: 'conflict',
  [Msg.Lease]: 'lease',
}
const PATCH_OP_NAMES: Readonly<Record<number, string>> = { [PatchOp.Add]: 'add', [PatchOp.Replace]: 'replace', [PatchOp.Remove]: 'remove', [PatchOp.Elements]: 'elements' }

/** Flat patches as `{ op, path, value }` objects. */
export const readPatches = (patches: readonly unknown[]): Record<string, unknown>[] =>
  Array.from({ length: patches.length / 3 }, (_, i) => ({ op: PATCH_OP_NAMES[patches[i * 3] as number], path: patches[i * 3 + 1], value: patches[i * 3 + 2] }))

/**
 * One of the bridge's messages as an object with named fields (`raw` is the message itself), or
 * `undefined` for any other message: for tests and tools that watch the wire. Patches come as
 * `{ op, path, value }` objects; a failure is a `result` with an `error`.
 */
export function readMessage(raw: unknown, tag = TAG): Record<string, any> | undefined {
  if (!Array.isArray(raw) || raw[0] !== tag) return undefined
  const kind: unknown = raw[R.Kind]
  const patches = (list: unknown) => (Array.isArray(list) ? readPatches(list) : list)
  if (!isOwnerKind(kind)) {
    const base = { tag, kind: KIND_NAMES[kind as number] ?? kind, from: raw[R.From], id: raw[R.Id], raw }
    switch (kind) {
      case Msg.Hello:
        return { ...base, protocol: raw[R.Protocol] }
      case Msg.Op: {
        const arg = raw[R.Arg]
        // A string path (one top-level key) travels as it is.
        return { ...base, op: { type: raw[R.Type], path: typeof raw[R.Path] === 'string' ? [raw[R.Path]] : raw[R.Path], value: arg, by: arg, values: arg } }
      }
      case Msg.Cas:
        return { ...base, path: raw[R.CasPath], base: raw[R.Base], patches: patches(raw[R.CasPatches]) }
      case Msg.Acquire:
        return { ...base, timeoutMs: raw[R.TimeoutMs] }
      case Msg.Commit:
        return { ...base, patches: patches(raw[R.Patches]) }
    }
    return base
  }
  const message: Record<string, any> = { tag, kind: KIND_NAMES[kind as number], epoch: raw[O.Epoch], to: raw[O.To], id: raw[O.Id], version: raw[O.Version], raw }
  const value = raw[O.Value]
  if (kind === Msg.Snapshot) message.state = value
  if (kind === Msg.Refuse || kind === Msg.Goodbye) message.reason = value
  if (carriesPatches(kind)) Object.assign(message, { since: raw[O.Since], patches: readPatches(raw[O.Patches]) })
  if (kind === Msg.Result) message.value = value
  if (kind === Msg.Failure) message.error = { code: value[0], message: value[1], path: value[2] }
  return message
}
