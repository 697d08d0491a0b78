import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from './config.js';
import { UptakeError } from './errors.js';

const minimal = { projects: [{ id: 'demo', name: 'Demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me' }] };

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UptakeError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('config', () => {
  it('fills every default of SPEC §2', () => {
    const p = parseConfig(minimal).projects[0];
    expect(p.throttle).toEqual({ globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 });
    expect(p.trialPlans).toEqual(['trial', 'free']);
    expect(p.retentionDays).toBe(730);
    expect(p.healthWeights).toEqual({ breadth: 0.35, seatUtilization: 0.2, stickiness: 0.15, nps: 0.3 });
    expect(p.referral.events).toEqual([]);
    expect(p.activation.events).toEqual([]);
    expect(p.surveys).toEqual([]);
    expect(p.features).toEqual([]);
    expect(p.monthlyAcquisitionSpend).toBeUndefined();
  });

  it('names the path of the bad field', () => {
    const bad = { projects: [{ ...minimal.projects[0], surveys: [{ id: 's', kind: 'stars', question: 'q' }] }] };
    expect(messageOf(() => parseConfig(bad))).toMatch(/projects\[0\]\.surveys\[0\]\.kind/);
  });

  it('accepts optional survey fields as absent and a null trigger', () => {
    const cfg = parseConfig({ projects: [{ ...minimal.projects[0], surveys: [{ id: 'c', kind: 'csat', question: 'Happy?', targeting: { trigger: null } }] }] });
    expect(cfg.projects[0].surveys[0]).toMatchObject({ active: true, recontactDays: 90, targeting: { sampleRate: 1, trigger: null } });
  });

  it('refuses duplicate write keys across projects', () => {
    const dup = { projects: [minimal.projects[0], { ...minimal.projects[0], id: 'other', secretKey: 'sk_other_12345' }] };
    expect(messageOf(() => parseConfig(dup))).toMatch(/projects\[1\]\.writeKey: duplicate writeKey/);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptake-config-'));
    const file = join(dir, 'uptake.config.json');
    writeFileSync(file, '{ nope');
    expect(messageOf(() => loadConfig(file))).toContain(file);
  });

  it('ignores an unknown key with a warning naming it, and still refuses a bad known field', () => {
    const warnings: string[] = [];
    const cfg = parseConfig({ projects: [{ ...minimal.projects[0], colour: 'teal', throttle: { globalCooldownDays: 7, perDay: 3 } }] }, 'cfg', (w) => warnings.push(w));
    expect(cfg.projects[0].throttle.globalCooldownDays).toBe(7);
    expect('colour' in cfg.projects[0]).toBe(false);
    expect(warnings.sort()).toEqual(['cfg: projects[0].colour: unknown key, ignored', 'cfg: projects[0].throttle.perDay: unknown key, ignored']);
    const bad = { projects: [{ ...minimal.projects[0], colour: 'teal', retentionDays: -1 }] };
    expect(messageOf(() => parseConfig(bad, 'cfg', () => {}))).toMatch(/^cfg: projects\[0\]\.retentionDays: /);
  });

  it('accepts a project without a name (its id is shown) and a short secret key with a warning', () => {
    const warnings: string[] = [];
    const cfg = parseConfig({ projects: [{ id: 'acme', writeKey: 'wk', secretKey: 'sk_test' }] }, 'cfg', (w) => warnings.push(w));
    expect(cfg.projects[0].name).toBe('acme');
    expect(cfg.projects[0].secretKey).toBe('sk_test');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/projects\[0\]\.secretKey is short \(7 characters\)/);
    expect(messageOf(() => parseConfig({ projects: [{ id: 'acme', writeKey: 'wk', secretKey: '' }] }, 'cfg', () => {}))).toMatch(/projects\[0\]\.secretKey/);
  });

  it('reads an origin with a trailing slash as the origin, and refuses one with a path', () => {
    const cfg = parseConfig({ projects: [{ ...minimal.projects[0], allowedOrigins: ['http://localhost:8787/', 'https://app.example.com'] }] });
    expect(cfg.projects[0].allowedOrigins).toEqual(['http://localhost:8787', 'https://app.example.com']);
    const bad = { projects: [{ ...minimal.projects[0], allowedOrigins: ['https://app.example.com/settings'] }] };
    expect(messageOf(() => parseConfig(bad))).toMatch(/projects\[0\]\.allowedOrigins\[0\]: an origin/);
  });

  it('takes brandColor and position on the survey itself as its appearance', () => {
    const survey = { id: 'n', kind: 'nps', question: 'Recommend us?', brandColor: '#0a7', position: 'bottom-left' };
    const cfg = parseConfig({ projects: [{ ...minimal.projects[0], surveys: [survey] }] });
    expect(cfg.projects[0].surveys[0].appearance).toEqual({ brandColor: '#0a7', position: 'bottom-left' });
    const bad = { projects: [{ ...minimal.projects[0], surveys: [{ ...survey, position: 'top' }] }] };
    expect(messageOf(() => parseConfig(bad))).toMatch(/projects\[0\]\.surveys\[0\]\.appearance\.position/);
  });

  it('reads a rate limit given as a number as requests per second with bursts of twice as many', () => {
    const cfg = parseConfig({ projects: [{ ...minimal.projects[0], rateLimits: { perIp: 50 } }] });
    expect(cfg.projects[0].rateLimits.perIp).toEqual({ requestsPerSecond: 50, burst: 100 });
  });
});
