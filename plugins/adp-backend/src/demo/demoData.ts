/** A persona's GitHub account, linked as if they had signed in to GitHub (the fake GitHub knows it). */
export interface DemoGithubAccount {
  id: number;
  login: string;
}

/** The demo delivery tree and personas (matching examples/org.yaml). */
export const DEMO_PERSONAS: Array<{ userRef: string; displayName: string; email: string; github?: DemoGithubAccount }> = [
  { userRef: 'user:default/ada', displayName: 'Ada Admin', email: 'ada@adp-demo.example' },
  { userRef: 'user:default/pat', displayName: 'Pat Programme', email: 'pat@adp-demo.example' },
  { userRef: 'user:default/dee', displayName: 'Dee Delivery', email: 'dee@adp-demo.example' },
  { userRef: 'user:default/tess', displayName: 'Tess Technical', email: 'tess@adp-demo.example', github: { id: 5_000_104, login: 'tess-technical' } },
  { userRef: 'user:default/nora', displayName: 'Nora NonTech', email: 'nora@adp-demo.example' },
  { userRef: 'user:default/paul', displayName: 'Paul Platform', email: 'paul@adp-demo.example' },
  { userRef: 'user:default/cara', displayName: 'Cara CCoE', email: 'cara@adp-demo.example' },
];

export interface DemoProject {
  title: string;
  /** Set only where the demo keeps a historical short namespace; otherwise the namespace rule applies. */
  name?: string;
  alias?: string;
  description: string;
  members: Array<{ userRef: string; technical: boolean; admin: boolean }>;
}

export const DEMO_TREE = [
  {
    alb: { name: 'rpa', title: 'Rural Payments Agency', alias: 'rpa', description: 'Pays farmers and land managers on behalf of the government.' },
    programmes: [
      {
        title: 'Farming and Countryside Programme',
        name: 'fcp',
        code: 'FCP',
        description: 'Services that support farmers and the countryside.',
        admins: ['user:default/pat'],
        projects: [
          {
            title: 'Annual Compliance Data',
            name: 'fcp-acd',
            alias: 'ffc-acd',
            description: 'Collects and checks annual compliance data from farms.',
            members: [
              { userRef: 'user:default/dee', technical: false, admin: true },
              { userRef: 'user:default/tess', technical: true, admin: false },
              { userRef: 'user:default/nora', technical: false, admin: false },
            ],
          },
          {
            title: 'Grants Application Service',
            description: 'Lets farmers apply for grants online.',
            members: [],
          },
        ] as DemoProject[],
      },
    ],
  },
  {
    alb: { name: 'ea', title: 'Environment Agency', alias: 'ea', description: 'Protects and improves the environment.' },
    programmes: [
      {
        title: 'Flood Risk Management',
        name: 'frm',
        code: 'FRM',
        description: 'Flood warnings, defences and risk maps.',
        admins: [] as string[],
        projects: [{ title: 'Flood Warning Service', description: 'Warns people when flooding is expected.', members: [] }] as DemoProject[],
      },
    ],
  },
];
