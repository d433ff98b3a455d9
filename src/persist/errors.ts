// The persistence errors: one code, `STORAGE`, with a message that says which key and what happened.

import { type DatastoreError, extensionError } from '../core/internal'

export const storageError = (op: string, why: string, cause?: unknown): DatastoreError => extensionError('STORAGE', op, undefined, () => why, cause)
