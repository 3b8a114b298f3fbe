/**
 * Safe access to the model's `Record<string, T>` maps by names that come off the wire: `constructor` must
 * not find `Object.prototype.constructor`, and `__proto__` must be stored as a key, not swap the prototype.
 */

export function getOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteOwn<T>(record: Record<string, T>, key: string): void {
  if (Object.hasOwn(record, key)) delete record[key];
}
