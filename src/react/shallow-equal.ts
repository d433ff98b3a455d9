// shallowEqual: the equality for selections that build a new array or object on every call.

/**
 * Whether `a` and `b` are the same (`Object.is`), or are both arrays, both plain objects, both Maps
 * or both Sets whose items are the same one level down. Pass it as `equals` to a selection that
 * builds a new array or object, so that the component re-renders only when an item changed.
 *
 * @example
 * const names = useDatastore(store, 'users', (users) => users.map((user) => user.name), shallowEqual)
 */
export function shallowEqual<V>(x: V, y: V): boolean {
  if (Object.is(x, y)) return true
  const a: unknown = x
  const b: unknown = y
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Map) return sameEntries(a, b as Map<unknown, unknown>)
  if (a instanceof Set) return a.size === (b as Set<unknown>).size && [...a].every((item) => (b as Set<unknown>).has(item))
  const keysA = Object.keys(a)
  if (keysA.length !== Object.keys(b).length) return false
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  return keysA.every((key) => Object.hasOwn(right, key) && Object.is(left[key], right[key]))
}

function sameEntries(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
  if (a.size !== b.size) return false
  for (const [key, value] of a) if (!b.has(key) || !Object.is(value, b.get(key))) return false
  return true
}
