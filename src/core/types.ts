// Typed paths: which paths a state type has, and the value at each. Recursion is capped, so large or
// recursive state types fall back to untyped paths instead of "excessively deep" errors.

import type { Key } from './path'

/** How many levels deep paths are typed; deeper paths are accepted as plain key arrays. */
type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
type MaxDepth = 10

type IsAny<T> = 0 extends 1 & T ? true : false
type IsLoose<T> = IsAny<T> extends true ? true : unknown extends T ? true : false

type Leaf = string | number | boolean | bigint | symbol | null | undefined | Date | ReadonlySet<unknown> | ((...args: never[]) => unknown)

type ObjectKey<T> = Extract<keyof T, Key>

type Tuples<T, D extends number> = [D] extends [never]
  ? readonly Key[]
  : IsLoose<T> extends true
    ? readonly Key[]
    : T extends ReadonlyMap<infer K, infer V>
      ? readonly [Extract<K, Key>] | readonly [Extract<K, Key>, ...Tuples<NonNullable<V>, Depth[D]>]
      : T extends Leaf
        ? never
        : T extends readonly unknown[]
          ? readonly [number] | readonly [number, ...Tuples<NonNullable<T[number]>, Depth[D]>]
          : T extends object
            ? { [K in ObjectKey<T>]-?: readonly [K] | readonly [K, ...Tuples<NonNullable<T[K]>, Depth[D]>] }[ObjectKey<T>]
            : never

/**
 * Every path of `T`: a top-level key as a string, or an array of keys from the root (`[]` is the root).
 *
 * @example
 * type P = Path<{ user: { score: number } }>   // 'user' | readonly [] | readonly ['user'] | readonly ['user', 'score']
 */
export type Path<T> =
  IsLoose<T> extends true
    ? string | readonly Key[]
    : (T extends ReadonlyMap<infer K, unknown> ? Extract<K, string> : T extends readonly unknown[] ? never : Extract<keyof T, string>) | readonly [] | Tuples<T, MaxDepth>

/**
 * `T` read-only all the way down, as every value read from a store is (values are frozen): arrays
 * become readonly arrays, Maps and Sets their read-only interfaces, and objects get readonly keys.
 * Untyped (`any`, `unknown`) values stay as they are.
 *
 * @example
 * type R = DeepReadonly<{ items: string[] }>   // { readonly items: readonly string[] }
 */
export type DeepReadonly<T> =
  IsLoose<T> extends true
    ? T
    : T extends string | number | boolean | bigint | symbol | null | undefined | Date | ((...args: never[]) => unknown)
      ? T
      : T extends ReadonlyMap<infer K, infer V>
        ? ReadonlyMap<K, DeepReadonly<V>>
        : T extends ReadonlySet<infer V>
          ? ReadonlySet<DeepReadonly<V>>
          : { readonly [K in keyof T]: DeepReadonly<T[K]> }

type Missing<T> = (null extends T ? undefined : never) | (undefined extends T ? undefined : never)

type Step<T, K> =
  IsAny<T> extends true
    ? any
    : unknown extends T
      ? unknown
      : T extends ReadonlyMap<unknown, infer V>
        ? V | undefined
        : T extends readonly unknown[]
          ? number extends T['length']
            ? T[number] | undefined
            : K extends keyof T
              ? T[K]
              : undefined
          : T extends object
            ? K extends keyof T
              ? T[K] | (string extends keyof T ? undefined : never)
              : `${K & Key}` extends keyof T
                ? T[`${K & Key}`]
                : undefined
            : undefined

type Walk<T, P, D extends number> = [D] extends [never]
  ? unknown
  : P extends readonly []
    ? T
    : P extends readonly [infer K, ...infer Rest]
      ? Walk<Step<NonNullable<T>, K> | Missing<T>, Rest, Depth[D]>
      : IsAny<T> extends true
        ? any
        : unknown

/**
 * The value at path `P` of `T`, with `undefined` wherever the path may not resolve.
 *
 * @example
 * type S = PathValue<{ user: { score: number } }, ['user', 'score']>   // number
 */
export type PathValue<T, P> = P extends string ? Step<T, P> : Walk<T, P, MaxDepth>

/**
 * The paths of `T` whose value is a `V` (or missing), such as the numbers that `increment` takes.
 * Built in one walk that keeps only the matching paths, so it costs no more than `Path<T>`.
 *
 * @example
 * type N = PathTo<{ a: number; b: { c: number; d: string } }, number>   // 'a' | readonly ['a'] | readonly ['b', 'c']
 */
export type PathTo<T, V> =
  IsLoose<T> extends true ? string | readonly Key[] : (T extends V ? readonly [] : never) | TopKeysTo<T, V> | TuplesTo<T, V, MaxDepth>

type Fits<X, V> = [X] extends [V | undefined] ? true : false

type TopKeysTo<T, V> =
  T extends ReadonlyMap<infer K, infer X>
    ? Fits<X, V> extends true
      ? Extract<K, string>
      : never
    : T extends readonly unknown[]
      ? never
      : { [K in Extract<keyof T, string>]-?: Fits<T[K], V> extends true ? K : never }[Extract<keyof T, string>]

/** One step to key `K`, whose value is `X`: the path itself if `X` fits, and the matching paths below it. */
type Hop<K, X, V, D extends number> = (Fits<X, V> extends true ? readonly [K] : never) | readonly [K, ...TuplesTo<NonNullable<X>, V, Depth[D]>]

type TuplesTo<T, V, D extends number> = [D] extends [never]
  ? readonly Key[]
  : IsLoose<T> extends true
    ? readonly Key[]
    : T extends ReadonlyMap<infer K, infer X>
      ? Hop<Extract<K, Key>, X, V, D>
      : T extends Leaf
        ? never
        : T extends readonly unknown[]
          ? Hop<number, T[number], V, D>
          : T extends object
            ? { [K in ObjectKey<T>]-?: Hop<K, T[K], V, D> }[ObjectKey<T>]
            : never
