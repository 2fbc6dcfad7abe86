import { MICROSOFT_GRAPH_USER_ID_ANNOTATION } from '@backstage/plugin-catalog-backend-module-msgraph';
import { adpUserTransformer, userEntityName } from './adpUserTransformer';

describe('adpUserTransformer', () => {
  it('names the user by the lower-cased mail, domain kept, and keeps the Entra object id', async () => {
    const entity = await adpUserTransformer({
      id: '7f0c3a52-0000-4000-8000-000000000001',
      displayName: 'Jane Doe',
      mail: 'Jane.Doe@DEFRA.gov.uk',
      userPrincipalName: 'jane.doe_defra@tenant.onmicrosoft.com',
    });
    expect(entity?.metadata.name).toBe('jane.doe_defra.gov.uk');
    expect(entity?.metadata.annotations?.[MICROSOFT_GRAPH_USER_ID_ANNOTATION]).toBe('7f0c3a52-0000-4000-8000-000000000001');
    expect(entity?.spec.profile).toMatchObject({ displayName: 'Jane Doe', email: 'jane.doe@defra.gov.uk' });
  });

  it('falls back to the user principal name when there is no mail', async () => {
    const entity = await adpUserTransformer({ id: 'id-2', displayName: 'Sam Smith', userPrincipalName: 'Sam.Smith@tenant.onmicrosoft.com' });
    expect(entity?.metadata.name).toBe('sam.smith_tenant.onmicrosoft.com');
  });

  it('gives two people with one local part in two domains two identities', async () => {
    const defra = await adpUserTransformer({ id: 'entra-defra-jane', displayName: 'Jane Doe', mail: 'jane.doe@defra.gov.uk' });
    const rpa = await adpUserTransformer({ id: 'entra-rpa-jane', displayName: 'Jane Doe', mail: 'jane.doe@rpa.gov.uk' });
    expect([defra?.metadata.name, rpa?.metadata.name]).toEqual(['jane.doe_defra.gov.uk', 'jane.doe_rpa.gov.uk']);
    // A person's Cloud and DefraGovUK accounts are two accounts, not one merged identity.
    expect(userEntityName('jane.doe@defra.onmicrosoft.com')).not.toBe(userEntityName('jane.doe@defra.gov.uk'));
  });

  it('leaves out users without a usable address', async () => {
    await expect(adpUserTransformer({ id: 'id-3', displayName: 'No Mail' })).resolves.toBeUndefined();
    expect(userEntityName('o\'brien@defra.gov.uk')).toBeUndefined();
    expect(userEntityName(`${'a'.repeat(51)}@defra.gov.uk`)).toBeUndefined();
    expect(userEntityName('jane.doe')).toBeUndefined();
    expect(userEntityName('a@b@c')).toBeUndefined();
  });
});
