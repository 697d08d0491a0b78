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
    const bad = { projects: [{ ...minimal.projects[0], surveys: [{ id: 's', kind: 'ces', question: 'q' }] }] };
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
});
