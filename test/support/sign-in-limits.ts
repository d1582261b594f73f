/**
 * The sign-in limits of the test and benchmark stacks. Every suite signs in from 127.0.0.1, many
 * times a minute and from parallel workers against one database (whose counters every gateway
 * shares), and the contract test sends wrong passwords for the demo accounts on purpose: with the
 * production defaults (30 per address and 10 per username a minute, a lock after 10 wrong
 * passwords) they would be refused for reasons that are not theirs. The limits themselves are
 * tested with low values in test/e2e/sign-in-limits.e2e.spec.ts.
 */
export const TEST_SIGN_IN_LIMITS: Record<string, string> = {
  LOGIN_LIMIT_PER_ADDRESS: '100000',
  LOGIN_LIMIT_PER_USERNAME: '100000',
  LOGIN_LOCKOUT_FAILURES: '100000',
};
