/**
 * A lean path router: patterns like `/v1/{project_id}/secrets/{secret_name}` are compiled once into
 * segment lists grouped by segment count; matching splits the path once and compares segments. Literal
 * segments beat parameters at the same position. Parameter values are returned raw (still percent-encoded).
 */

interface CompiledRoute<T> {
  /** A literal segment, or null for a parameter. */
  segments: ReadonlyArray<string | null>;
  paramNames: readonly string[];
  literalCount: number;
  value: T;
}

export interface RouteMatch<T> {
  value: T;
  paramNames: readonly string[];
  /** Raw segment values, in pattern order. */
  params: string[];
}

export class Router<T> {
  private readonly bySegmentCount = new Map<number, Array<CompiledRoute<T>>>();

  add(pattern: string, value: T): this {
    const parts = pattern.split('/');
    const segments = parts.map((part) => (part.startsWith('{') && part.endsWith('}') ? null : part));
    const paramNames = parts.filter((part) => part.startsWith('{')).map((part) => part.slice(1, -1));
    const route: CompiledRoute<T> = {
      segments,
      paramNames,
      literalCount: segments.filter((s) => s !== null).length,
      value,
    };
    const bucket = this.bySegmentCount.get(parts.length) ?? [];
    bucket.push(route);
    // Most specific first, so `/csms/events` wins over a `/csms/{id}` pattern of the same length.
    bucket.sort((a, b) => b.literalCount - a.literalCount);
    this.bySegmentCount.set(parts.length, bucket);
    return this;
  }

  match(path: string): RouteMatch<T> | undefined {
    const parts = path.split('/');
    const bucket = this.bySegmentCount.get(parts.length);
    if (!bucket) return undefined;
    for (const route of bucket) {
      const params = matchSegments(route.segments, parts);
      if (params) return { value: route.value, paramNames: route.paramNames, params };
    }
    return undefined;
  }
}

function matchSegments(
  segments: ReadonlyArray<string | null>,
  parts: readonly string[],
): string[] | undefined {
  const params: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const expected = segments[i];
    const actual = parts[i]!;
    if (expected === null) {
      if (actual === '') return undefined;
      params.push(actual);
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
