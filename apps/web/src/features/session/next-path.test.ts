import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps a path on this origin with its query', () => {
    expect(safeNextPath('/accounts/demo/secrets/db?edit=v2')).toBe('/accounts/demo/secrets/db?edit=v2');
  });
  it.each([
    null,
    '',
    'https://evil.example',
    '//evil.example/x',
    '/\\evil.example',
    'javascript:alert(1)',
    '/login?next=/x',
  ])('sends %s home', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});

describe('loginPathFor', () => {
  it('remembers where the user was', () => {
    expect(loginPathFor({ pathname: '/accounts/demo/secrets', search: '?state=ENABLED' })).toBe(
      '/login?next=%2Faccounts%2Fdemo%2Fsecrets%3Fstate%3DENABLED',
    );
  });
  it('does not loop through the login page', () => {
    expect(loginPathFor({ pathname: '/login', search: '?next=%2Fx' })).toBe('/login');
    expect(loginPathFor({ pathname: '/', search: '' })).toBe('/login');
  });
});
