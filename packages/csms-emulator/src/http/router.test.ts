import { describe, expect, it } from 'vitest';
import { Router } from './router.js';

describe('Router', () => {
  const router = new Router<string>()
    .add('/v1/{project_id}/csms/{secret_id}/tags', 'tags')
    .add('/v1/{project_id}/csms/events/{event_name}', 'event')
    .add('/v1/{project_id}/csms/events', 'events')
    .add('/v1/{project_id}/secrets/{secret_name}', 'secret');

  it('matches by segments and returns raw parameter values in order', () => {
    expect(router.match('/v1/p/secrets/a%2Fb')).toEqual({
      value: 'secret',
      paramNames: ['project_id', 'secret_name'],
      params: ['p', 'a%2Fb'],
    });
    expect(router.match('/v1/p/csms/events')?.value).toBe('events');
  });

  it('prefers literal segments over parameters', () => {
    expect(router.match('/v1/p/csms/events/x')?.value).toBe('event');
    expect(router.match('/v1/p/csms/abc/tags')?.value).toBe('tags');
  });

  it('does not match empty parameters, trailing slashes or other lengths', () => {
    for (const path of ['/v1//secrets/a', '/v1/p/secrets/', '/v1/p/secrets/a/', '/v1/p/secrets', '/', ''])
      expect(router.match(path)).toBeUndefined();
  });
});
