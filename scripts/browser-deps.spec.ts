import { browserProblem, chromiumPath, planBrowserSetup, type BrowserFacts } from './browser-deps';

const present: BrowserFacts = {
  chromiumPath: '/usr/bin/chromium',
  chromiumFromEnv: false,
  chromiumPresent: true,
  cjkFontsPresent: true,
  aptAvailable: true,
  root: true,
  sudoAvailable: false,
};

describe('the browser set-up plan', () => {
  it('does nothing when chromium and the CJK fonts are there', () => {
    expect(planBrowserSetup(present)).toEqual({ kind: 'ready' });
    expect(browserProblem(present)).toBeUndefined();
  });

  it('installs what is missing with apt-get, after an update', () => {
    expect(planBrowserSetup({ ...present, chromiumPresent: false, cjkFontsPresent: false })).toEqual({
      kind: 'install',
      packages: ['chromium', 'fonts-noto-cjk'],
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'],
      ],
    });
    expect(planBrowserSetup({ ...present, cjkFontsPresent: false })).toMatchObject({
      kind: 'install',
      packages: ['fonts-noto-cjk'],
    });
    expect(planBrowserSetup({ ...present, chromiumPresent: false })).toMatchObject({
      kind: 'install',
      packages: ['chromium'],
    });
  });

  it('goes through sudo when not root, and gives up with a reason when it cannot install', () => {
    const notRoot = { ...present, chromiumPresent: false, root: false };
    expect(planBrowserSetup({ ...notRoot, sudoAvailable: true })).toMatchObject({
      commands: [
        ['sudo', 'apt-get', 'update'],
        ['sudo', 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium'],
      ],
    });
    expect(planBrowserSetup(notRoot)).toEqual({
      kind: 'cannot',
      reason: expect.stringContaining('apt-get install chromium'),
    });
    expect(planBrowserSetup({ ...present, cjkFontsPresent: false, aptAvailable: false })).toEqual({
      kind: 'cannot',
      reason: expect.stringContaining('fonts-noto-cjk missing and no apt-get'),
    });
  });

  it('never installs over a CHROMIUM_PATH that names nothing', () => {
    const facts = { ...present, chromiumPath: '/opt/none/chrome', chromiumFromEnv: true, chromiumPresent: false };
    expect(planBrowserSetup(facts)).toEqual({
      kind: 'cannot',
      reason: expect.stringContaining('CHROMIUM_PATH=/opt/none/chrome'),
    });
    expect(browserProblem(facts)).toContain('no Chromium at /opt/none/chrome (CHROMIUM_PATH)');
  });

  it('tells the tests to run `npm run setup` when something is missing', () => {
    const problem = browserProblem({ ...present, chromiumPresent: false, cjkFontsPresent: false });
    expect(problem).toContain('no Chromium at /usr/bin/chromium');
    expect(problem).toContain('no CJK fonts');
    expect(problem).toContain('npm run setup');
  });

  it("uses CHROMIUM_PATH when set, Debian's chromium otherwise", () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: ' ' })).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
  });
});
