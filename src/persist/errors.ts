// The persistence errors: one code, `STORAGE`, with a message that says which key and what happened.

import { DatastoreError } from '../core/internal'

export const storageError = (op: string, why: string, cause?: unknown): DatastoreError => new DatastoreError('STORAGE', `${op}: ${why}`, undefined, cause)
