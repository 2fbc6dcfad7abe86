import {
  createProgrammeSchema,
  CreateProgrammeRequest,
  programmeEntityRef,
  slugify,
} from '@adp-portal/plugin-adp-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AdpActionClient } from './AdpActionClient';
import { adpCall } from './errors';
import { defined, initiatorToken, validate } from './shared';

/**
 * `adp:programme:create`: a delivery programme in an Arms Length Body (ADP Admins).
 *
 * @public
 */
export function createProgrammeAction(client: AdpActionClient) {
  return createTemplateAction({
    id: 'adp:programme:create',
    description:
      'Creates a delivery programme in an Arms Length Body through the ADP API, as the user running the template (the API decides whether they may).',
    examples: [
      {
        description: 'A programme with one admin',
        example: [
          'steps:',
          '  - id: programme',
          '    action: adp:programme:create',
          '    input:',
          '      albId: ${{ steps.alb.output.entity.metadata.annotations["adp.io/alb-id"] }}',
          '      title: Farming and Countryside Programme',
          '      code: FCP',
          '      description: Services that support farmers.',
          '      admins: [user:default/pat]',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        albId: z =>
          z
            .string()
            .min(1)
            .describe('Id of the Arms Length Body that holds the programme'),
        title: z =>
          z.string().min(1).max(100).describe('Title of the programme'),
        code: z =>
          z
            .string()
            .describe(
              'Programme code: 3 or 4 letters, unique regardless of case',
            ),
        alias: z =>
          z
            .string()
            .optional()
            .describe(
              'Short alias: lower-case letters, digits and single hyphens',
            ),
        description: z =>
          z.string().min(1).max(2000).describe('What the programme delivers'),
        website: z => z.string().optional().describe('Website, an http(s) URL'),
        admins: z =>
          z
            .array(z.string())
            .optional()
            .describe('Users to make programme admins, as user entity refs'),
      },
      output: {
        id: z =>
          z.string().describe('Id of the new programme (empty in a dry run)'),
        name: z => z.string().describe('Name (slug) of the programme'),
        code: z => z.string().describe('Programme code, upper case'),
        entityRef: z => z.string().describe('Catalog Group of the programme'),
      },
    },
    async handler(ctx) {
      const body: CreateProgrammeRequest = defined({
        albId: ctx.input.albId,
        title: ctx.input.title,
        code: ctx.input.code,
        alias: ctx.input.alias,
        description: ctx.input.description,
        url: ctx.input.website,
        admins: ctx.input.admins,
      }) as CreateProgrammeRequest;
      const parsed = validate(
        createProgrammeSchema,
        body,
        'The delivery programme',
      );
      const { token } = await initiatorToken(client, ctx);

      if (ctx.isDryRun) {
        const alb = await adpCall('Reading the Arms Length Body', () =>
          client.api.getAlb(parsed.albId, { token }),
        );
        const name = parsed.name ?? slugify(parsed.title);
        const admins = parsed.admins?.length
          ? ` with admins ${parsed.admins.join(', ')}`
          : '';
        ctx.logger.info(
          `Dry run: would create the delivery programme "${parsed.title}" (code ${parsed.code}, name ${name}) in ${alb.title}${admins}; nothing was created`,
        );
        ctx.output('id', '');
        ctx.output('name', name);
        ctx.output('code', parsed.code);
        ctx.output('entityRef', programmeEntityRef(name));
        return;
      }

      const programme = await ctx.checkpoint({
        key: 'programme-created',
        fn: async () => {
          const p = await adpCall('Creating the delivery programme', () =>
            client.api.createProgramme(body, { token }),
          );
          return { id: p.id, name: p.name, code: p.code, title: p.title };
        },
      });
      ctx.logger.info(
        `Created the delivery programme "${programme.title}" (${programme.code}), id ${programme.id}`,
      );
      ctx.output('id', programme.id);
      ctx.output('name', programme.name);
      ctx.output('code', programme.code);
      ctx.output('entityRef', programmeEntityRef(programme.name));
    },
  });
}
