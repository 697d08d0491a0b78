// Word lists for believable seed data: customer companies, their people, and what they write in surveys.

export const COMPANY_WORDS = [
  'Northwind', 'Bluepeak', 'Cedar', 'Harbor', 'Lumen', 'Brightline', 'Ironwood', 'Maple', 'Summit', 'Redwood',
  'Silverline', 'Quartz', 'Oakridge', 'Falcon', 'Meridian', 'Evergreen', 'Pioneer', 'Atlas', 'Horizon', 'Granite',
  'Copper', 'Willow', 'Beacon', 'Juniper', 'Stonebridge', 'Riverbend', 'Clearwater', 'Foxglove', 'Kestrel', 'Aurora',
  'Tidewater', 'Blackstone', 'Sparrow', 'Highland', 'Orchard', 'Larkspur', 'Cobalt', 'Driftwood', 'Sequoia', 'Halcyon',
] as const;

export const COMPANY_KINDS = [
  'Logistics', 'Dental', 'Studio', 'Consulting', 'Builders', 'Labs', 'Legal', 'Foods', 'Analytics', 'Design',
  'Partners', 'Freight', 'Clinic', 'Media', 'Outfitters', 'Architects', 'Energy', 'Supply', 'Ventures', 'Bakery',
  'Accounting', 'Plumbing', 'Events', 'Robotics', 'Translations', 'Veterinary', 'Roofing', 'Coffee', 'Marine', 'Print',
] as const;

export const INDUSTRIES = ['services', 'healthcare', 'construction', 'retail', 'software', 'manufacturing', 'hospitality', 'agency'] as const;

export const FIRST_NAMES = [
  'Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Iris', 'Jonas', 'Keiko', 'Liam', 'Maya', 'Nikhil',
  'Olivia', 'Pablo', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Umar', 'Vera', 'Wes', 'Xena', 'Yusuf', 'Zoe', 'Amara', 'Bruno',
  'Carmen', 'Dmitri', 'Esther', 'Felix', 'Gita', 'Hana', 'Ivan', 'June', 'Kofi', 'Lena', 'Marco', 'Nora',
] as const;

export const LAST_NAMES = [
  'Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Rossi', 'Nakamura', 'Schmidt', 'Kowalski', 'Haddad', 'Silva', 'Brennan',
  'Novak', 'Fischer', 'Garcia', 'Ito', 'Jensen', 'Mensah', 'Larsen', 'Dubois', 'Chen', 'Murphy', 'Alvarez', 'Kim',
  'Ward', 'Berg', 'Costa', 'Ahmed', 'Walsh', 'Ng', 'Petrov',
] as const;

/** Roles in a customer account; the first user of an account is its admin. */
export const ROLES = ['admin', 'finance', 'manager', 'member', 'member'] as const;

/** The demo app's pages (demo-app/public), so seeded page views look like live ones. */
export const PAGES = [
  { name: 'Invoices', path: '/app/invoices.html' },
  { name: 'Clients', path: '/app/clients.html' },
  { name: 'Reports', path: '/app/reports.html' },
  { name: 'Team', path: '/app/team.html' },
] as const;

/** NPS follow-up answers by category (detractor 0–6, passive 7–8, promoter 9–10). */
export const NPS_COMMENTS = {
  detractor: [
    'Bank reconciliation keeps failing and support takes days to answer.',
    'Too expensive for how little of it we actually use.',
    'Exports time out on anything bigger than a month of invoices.',
    'The new invoice editor is slower than the old one.',
    'We still export to spreadsheets because the reports are too rigid.',
    'Onboarding the rest of the team was painful; most never logged in.',
    'Payment reminders went out twice to the same client. Embarrassing.',
    'Multi-currency is half-finished.',
  ],
  passive: [
    'Does the job. Would love better recurring invoice templates.',
    'Solid, but the mobile experience needs work.',
    'Good value; reporting could be more flexible.',
    'Works well once set up, but setup took a while.',
    'A native QuickBooks sync would make it a 10.',
    'Fine for invoicing, weak on expenses.',
  ],
  promoter: [
    'Sending invoices takes seconds now. Our DSO dropped by a week.',
    'Payment reminders alone paid for the subscription.',
    'Clean, fast, and support actually answers.',
    'The whole finance team lives in it every day.',
    'Exports straight into our accounting tool — huge time saver.',
    'Recurring invoices run themselves. Love it.',
    'Our clients comment on how professional the invoices look.',
  ],
} as const;

/** CSAT comments by how the answer felt (1–2, 3, 4–5). */
export const CSAT_COMMENTS = {
  low: ['Recording a partial payment is confusing.', 'Could not match a payment to two invoices.', 'The payment screen froze twice.'],
  mid: ['Works, but too many clicks.', 'OK. Would like bulk entry.'],
  high: ['Quick and obvious.', 'Matching payments is a breeze.', 'Exactly what I needed.'],
} as const;
