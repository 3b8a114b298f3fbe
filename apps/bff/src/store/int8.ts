/**
 * BIGINT (int8) columns come back as JS numbers: the store keeps epoch milliseconds and sequence numbers,
 * which fit in 2^53. A value outside the safe range is an error, never a silently rounded number.
 */
export const INT8_OID = 20;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError('a BIGINT value is outside the safe integer range');
  return value;
}
