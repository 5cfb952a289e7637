// Records keyed by words from a design. A component, unit or action can be
// named `constructor`, `toString` or `__proto__`; a plain `{}` answers those
// from Object.prototype (a function, or a setter that swallows the value), so
// every record looked up or filled by such a word has no prototype.

/** An empty record with no prototype: every key, `__proto__` included, is a plain own key (and JSON.stringify keeps it). */
export function namedRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A constant table looked up by a word from a design: the same entries, no prototype. */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.assign(namedRecord<T>(), entries);
}

/**
 * The value stored under `key` in `record` itself, never one inherited from
 * Object.prototype: for records that crossed JSON or a message channel,
 * which arrive with a prototype again.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
