// The `notifications` config is validated at start like the rest of the file: a bad destination or
// rule is refused with the path of the bad field.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';

const project = (notifications: unknown) => ({ projects: [{ id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_long_enough', notifications }] });
const refusal = (notifications: unknown): string => {
  try {
    parseConfig(project(notifications), 'uptake.config.json', () => {});
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

const slack = { id: 'cs', type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' };

describe('notifications config', () => {
  it('accepts the SPEC example and fills the defaults', () => {
    const config = parseConfig(project({
      destinations: [slack, { id: 'crm', type: 'webhook', url: 'https://crm.example.com/uptake', secret: 'whsec_x' }, { id: 'pm', type: 'email', to: ['pm@example.com'] }],
      smtp: { url: 'smtp://user:pass@mail.example.com:587', from: 'Uptake <uptake@example.com>' },
      dashboardUrl: 'https://uptake.example.com/dashboard',
      rules: [
        { on: 'survey.answered', when: { kinds: ['nps'], scoreAtMost: 6 }, to: ['cs'] },
        { on: 'account.at_risk', to: ['cs', 'crm'] },
        { on: 'account.health_dropped', when: { byAtLeast: 15 }, to: ['crm'] },
        { on: 'digest', every: 'week', day: 'monday', hour: 9, timeZone: 'Europe/Paris', to: ['pm', 'cs'] },
      ],
    }), 'config', () => {});
    expect(config.projects[0].notifications).toMatchObject({
      commentWaitSeconds: 120, evaluateEveryMinutes: 60, allowInsecureDestinations: false, allowPrivateDestinations: false,
    });
  });

  it('refuses a rule sending to an unknown destination, naming the field', () => {
    expect(refusal({ destinations: [slack], rules: [{ on: 'account.at_risk', to: ['cs', 'crm'] }] }))
      .toBe('uptake.config.json: projects[0].notifications.rules[0].to[1]: unknown destination "crm"');
  });

  it('refuses bad destinations and rules with the path of the bad field', () => {
    expect(refusal({ destinations: [{ id: 'crm', type: 'webhook', url: 'https://crm.example.com' }] })).toContain('projects[0].notifications.destinations[0].secret');
    expect(refusal({ destinations: [{ id: 'x', type: 'teams', url: 'https://x.example.com' }] })).toContain('projects[0].notifications.destinations[0].type');
    expect(refusal({ destinations: [{ ...slack, url: 'http://hooks.example.com/x' }] })).toBe('uptake.config.json: projects[0].notifications.destinations[0].url: must be https:// (or set allowInsecureDestinations)');
    expect(refusal({ destinations: [slack, slack] })).toContain('projects[0].notifications.destinations[1].id: duplicate destination id "cs"');
    expect(refusal({ destinations: [{ id: 'pm', type: 'email', to: ['pm@example.com'] }], rules: [{ on: 'account.at_risk', to: ['pm'] }] })).toContain('rules[0].to[0]: destination "pm" is email: notifications.smtp is required');
    expect(refusal({ destinations: [slack], rules: [{ on: 'digest', every: 'month', to: ['cs'] }] })).toContain('projects[0].notifications.rules[0].every');
    expect(refusal({ destinations: [slack], rules: [{ on: 'digest', every: 'week', timeZone: 'Mars/Olympus', to: ['cs'] }] })).toContain('rules[0].timeZone: an IANA time zone');
    expect(refusal({ destinations: [slack], rules: [{ on: 'digest', every: 'day', hour: 24, to: ['cs'] }] })).toContain('rules[0].hour');
    expect(refusal({ destinations: [slack], rules: [{ on: 'account.health_dropped', to: ['cs'] }] })).toContain('rules[0].when');
    expect(refusal({ destinations: [slack], rules: [{ on: 'survey.answered', when: { scoreAtMost: 'six' }, to: ['cs'] }] })).toContain('rules[0].when.scoreAtMost');
    expect(refusal({ destinations: [slack], rules: [{ on: 'survey.answered', to: [] }] })).toContain('rules[0].to');
  });

  it('accepts http destinations with allowInsecureDestinations', () => {
    expect(refusal({ allowInsecureDestinations: true, destinations: [{ ...slack, url: 'http://hooks.example.com/x' }] })).toBe('accepted');
  });

  it('never quotes a secret or SMTP password in a refusal', () => {
    const message = refusal({ destinations: [{ id: 'crm', type: 'webhook', url: 'https://crm.example.com/TOPSECRETPATH', secret: 'whsec_TOPSECRET' }], smtp: { url: 'smtp://u:TOPSECRET@mail.example.com', from: '' } });
    expect(message).toContain('smtp.from');
    expect(message).not.toContain('TOPSECRET');
  });
});
