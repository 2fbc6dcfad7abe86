import { ConfigReader } from '@backstage/config';
import { ProvisioningFakes, startProvisioningFakes } from '../fakes';
import { readProvisioningConfig } from '../config';
import { createReconcilers } from '../createReconcilers';
import { graphRolesOutcome } from './accessChecks';

const jwt = (claims: object) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('credential checks at startup', () => {
  it('names the Graph application permissions the token lacks, accepting broader ones', () => {
    const missing = (token: string) => graphRolesOutcome(token).missing;
    expect(missing(jwt({ roles: ['Group.Create', 'GroupMember.ReadWrite.All', 'User.ReadBasic.All'] }))).toEqual([]);
    expect(missing(jwt({ roles: ['Directory.ReadWrite.All'] }))).toEqual([]);
    expect(missing(jwt({ roles: ['User.Read.All'] }))).toEqual([
      'Entra ID: the app registration lacks the Microsoft Graph application permission Group.Create (admin consent)',
      'Entra ID: the app registration lacks the Microsoft Graph application permission GroupMember.ReadWrite.All (admin consent)',
    ]);
  });

  it('says a token that is not a JWT could not be checked, instead of naming permissions as missing', () => {
    expect(graphRolesOutcome('opaque')).toEqual({
      missing: [],
      notes: ['Entra ID: the Graph token is not a JWT, so its application permissions could not be checked'],
      checked: false,
    });
  });

  describe('against the fakes', () => {
    let fakes: ProvisioningFakes;
    beforeEach(async () => {
      fakes = await startProvisioningFakes();
    });
    afterEach(() => fakes.stop());

    const checks = async (roles: string[]) => {
      const root = new ConfigReader(fakes.config);
      const credential = {
        getToken: async () => ({
          token: jwt({ roles }),
          expiresOnTimestamp: Date.now() + 60_000,
        }),
      };
      const reconcilers = createReconcilers(
        root,
        readProvisioningConfig(root),
        { entraCredential: credential },
      );
      const out: string[] = [];
      for (const r of reconcilers)
        out.push(...((await (r as any).checkAccess?.())?.missing ?? []));
      return out;
    };

    it('finds nothing missing when the token and the SonarCloud account have what they need', async () => {
      expect(
        await checks([
          'Group.Create',
          'GroupMember.ReadWrite.All',
          'User.ReadBasic.All',
        ]),
      ).toEqual([]);
    });

    it('names a missing Graph role and a SonarCloud account without Administer Organization', async () => {
      fakes.sonarcloud.administer = false;
      expect(
        await checks(['GroupMember.ReadWrite.All', 'User.ReadBasic.All']),
      ).toEqual([
        'Entra ID: the app registration lacks the Microsoft Graph application permission Group.Create (admin consent)',
        'SonarCloud: the token lacks Administer Organization on defra (answered 403)',
      ]);
    });
  });
});
