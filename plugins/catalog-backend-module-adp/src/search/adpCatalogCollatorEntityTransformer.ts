import {
  ADP_ANNOTATIONS,
  ADP_GROUP_TYPES,
} from '@adp-portal/plugin-adp-common';
import { Entity, isGroupEntity } from '@backstage/catalog-model';
import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';

const ADP_TYPES: ReadonlySet<string> = new Set(Object.values(ADP_GROUP_TYPES));

/**
 * The catalog collator's default document, plus what people call an ADP group by: its
 * alias, its programme's code and its service code. The default indexes only the title,
 * description and display name; these live in annotations, which no search engine reads.
 * They go into `text` (the field every engine searches), readable because the search
 * results show it under the title.
 *
 * @public
 */
export const adpCatalogCollatorEntityTransformer: CatalogCollatorEntityTransformer =
  (entity: Entity) => {
    const document = defaultCatalogCollatorEntityTransformer(entity);
    if (!isGroupEntity(entity) || !ADP_TYPES.has(entity.spec.type))
      return document;

    const annotations = entity.metadata.annotations ?? {};
    const names = [
      labelled('Alias', annotations[ADP_ANNOTATIONS.alias]),
      labelled('Programme code', annotations[ADP_ANNOTATIONS.programmeCode]),
      labelled('Service code', annotations[ADP_ANNOTATIONS.serviceCode]),
    ].filter((part): part is string => part !== undefined);
    return {
      ...document,
      text: [document.text, ...names].filter(Boolean).join(' : '),
    };
  };

function labelled(
  label: string,
  value: string | undefined,
): string | undefined {
  return value ? `${label} ${value}` : undefined;
}
