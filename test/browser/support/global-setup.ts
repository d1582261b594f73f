import { browserProblem, gatherBrowserFacts } from '../../../scripts/browser-deps';
import { startBrowserStack, STACK_ENV } from './browser-stack';

/**
 * Playwright's global setup: refuses to run without the browser (with or without CI: a missing
 * browser fails the run, it never skips), then starts the stack once for every spec. The
 * function it returns is the global teardown: it stops the apps, Temporal and PostgreSQL and
 * removes their folder, so the run exits by itself.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const problem = browserProblem(gatherBrowserFacts());
  if (problem)
    throw new Error(process.env.CI ? `${problem} (CI: the browser tests are part of npm test and must run)` : problem);

  const started = Date.now();
  const say = (line: string) => console.log(`[browser stack] ${line}`);
  const stack = await startBrowserStack(say);
  process.env[STACK_ENV.baseUrl] = stack.baseUrl;
  process.env[STACK_ENV.databaseUrl] = stack.databaseUrl;
  process.env[STACK_ENV.temporalAddress] = stack.temporalAddress;
  process.env[STACK_ENV.taskQueue] = stack.taskQueue;
  say(
    `ready in ${Date.now() - started} ms: gateway ${stack.baseUrl}, Temporal ${stack.temporalAddress}, data in ${stack.dataDir}`,
  );

  return async () => {
    const stopping = Date.now();
    await stack.stop();
    say(`stopped in ${Date.now() - stopping} ms (app logs in test/browser/results/stack-logs)`);
  };
}
