import { originAllowed } from './origin.js';
import { ConnectionCounter, TokenBucket } from './rate-limit.js';
import { handshakeToken } from './realtime.sessions.js';

describe('TokenBucket', () => {
  it('allows a burst of `capacity`, then refills at capacity per window', () => {
    let now = 0;
    const bucket = new TokenBucket(20, 10_000, () => now);
    const burst = Array.from({ length: 25 }, () => bucket.take());
    expect(burst.filter(Boolean)).toHaveLength(20);
    now += 499;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true); // 2 per second
    now += 60_000;
    expect(Array.from({ length: 25 }, () => bucket.take()).filter(Boolean)).toHaveLength(20); // never above capacity
  });
});

describe('ConnectionCounter', () => {
  it('refuses beyond the maximum and frees a slot once per release', () => {
    const counter = new ConnectionCounter(2);
    const first = counter.tryAcquire('u')!;
    expect(counter.tryAcquire('u')).not.toBeNull();
    expect(counter.tryAcquire('u')).toBeNull();
    expect(counter.tryAcquire('other')).not.toBeNull();
    first();
    first();
    expect(counter.held('u')).toBe(1);
    expect(counter.tryAcquire('u')).not.toBeNull();
    expect(counter.tryAcquire('u')).toBeNull();
  });
});

describe('originAllowed', () => {
  const allowed = ['https://app.example'];
  it.each([
    [undefined, true],
    ['https://app.example', true],
    ['https://evil.example', false],
    ['https://app.example.evil.example', false],
    ['null', false],
    [['https://app.example', 'https://app.example'], false],
  ])('%j → %s', (origin, expected) => {
    expect(originAllowed(origin, allowed)).toBe(expected);
  });
});

describe('handshakeToken', () => {
  const token = 'a'.repeat(43);
  it('takes auth.token, else the bearer header or the session cookie, never the query', () => {
    expect(handshakeToken({ auth: { token }, headers: {} })).toBe(token);
    expect(handshakeToken({ auth: {}, headers: { authorization: `Bearer ${token}` } })).toBe(token);
    expect(handshakeToken({ auth: {}, headers: { cookie: `other=1; __Host-sw_session=${token}` } })).toBe(token);
    expect(handshakeToken({ auth: {}, headers: {} })).toBeNull();
    expect(handshakeToken({ auth: { token: 42 }, headers: { cookie: `__Host-sw_session=${token}` } })).toBeNull();
    expect(handshakeToken({ auth: { token: 'short' }, headers: {} })).toBeNull();
    expect(handshakeToken({ auth: { token: `${token} x` }, headers: {} })).toBeNull();
  });
});
