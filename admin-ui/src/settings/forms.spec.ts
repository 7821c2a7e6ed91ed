import { describe, expect, it } from 'vitest';
import { absoluteLink, apiKeyFormProblems, memberFormProblems } from './forms';

describe(memberFormProblems.name, () => {
  it('accepts an email and a role', () => {
    expect(memberFormProblems({ email: ' ada@example.com ', name: '', role: 'member' })).toEqual(
      {},
    );
  });

  it('names the email and the role when missing or malformed', () => {
    expect(memberFormProblems({ email: 'ada', name: 'Ada', role: '' })).toEqual({
      email: expect.any(String),
      role: expect.any(String),
    });
  });
});

describe(apiKeyFormProblems.name, () => {
  it('accepts a name and a role', () => {
    expect(apiKeyFormProblems({ name: 'billing sync', role: 'admin' })).toEqual({});
  });

  it('needs a name of at most 100 characters and a role', () => {
    expect(Object.keys(apiKeyFormProblems({ name: '  ', role: '' }))).toEqual(['name', 'role']);
    expect(apiKeyFormProblems({ name: 'x'.repeat(101), role: 'admin' }).name).toMatch(/100/);
  });
});

describe(absoluteLink.name, () => {
  it('makes the reset link the server gives as a path absolute', () => {
    expect(absoluteLink('/#/set-password/abc', 'https://plinth.example.com')).toBe(
      'https://plinth.example.com/#/set-password/abc',
    );
  });
});
