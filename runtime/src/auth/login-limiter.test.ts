import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter';

describe('login limiter', () => {
  const setup = () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter({ maxFailures: 5, windowMs: 15 * 60_000, now: () => now });
    return { limiter, advance: (ms: number) => (now += ms) };
  };

  it('refuses the pair after 5 failures in 15 minutes, with the seconds until the oldest leaves the window', () => {
    const { limiter, advance } = setup();
    const key = LoginLimiter.key('Ana@Example.com', '10.0.0.1');
    for (let i = 0; i < 4; i++) {
      limiter.recordFailure(key);
      advance(60_000);
    }
    expect(limiter.retryAfterSeconds(key)).toBeNull();
    limiter.recordFailure(key);
    // The first failure was 4 minutes ago: 11 minutes to go.
    expect(limiter.retryAfterSeconds(key)).toBe(11 * 60);
    advance(11 * 60_000 - 1000);
    expect(limiter.retryAfterSeconds(key)).toBe(1);
    advance(1000);
    expect(limiter.retryAfterSeconds(key)).toBeNull();
  });

  it('counts each (email, address) pair apart, ignores the email\'s case, and forgets a pair on success', () => {
    const { limiter } = setup();
    const key = LoginLimiter.key('ana@example.com', '10.0.0.1');
    for (let i = 0; i < 5; i++) limiter.recordFailure(LoginLimiter.key('ANA@example.com', '10.0.0.1'));
    expect(limiter.retryAfterSeconds(key)).not.toBeNull();
    expect(limiter.retryAfterSeconds(LoginLimiter.key('ana@example.com', '10.0.0.2'))).toBeNull();
    expect(limiter.retryAfterSeconds(LoginLimiter.key('bob@example.com', '10.0.0.1'))).toBeNull();
    limiter.recordSuccess(key);
    expect(limiter.retryAfterSeconds(key)).toBeNull();
  });
});
