import { useCallback } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

function shortName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * People's names for the user refs a record keeps (who decided, who manages whom), read
 * from the catalog in one request. Until it answers, or for a ref it does not know, the
 * user's name (`paul` of `user:default/paul`) is shown: people never read entity refs.
 */
export function useUserNames(
  refs: Array<string | null | undefined>,
): (ref: string) => string {
  const catalogApi = useApi(catalogApiRef);
  const key = [...new Set(refs.filter((r): r is string => !!r))]
    .sort()
    .join(',');
  const names = useAsync(async () => {
    const entityRefs = key ? key.split(',') : [];
    if (entityRefs.length === 0) return new Map<string, string>();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs,
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'spec.profile.displayName',
      ],
    });
    const found = new Map<string, string>();
    for (const entity of items) {
      const displayName = (
        entity?.spec?.profile as { displayName?: string } | undefined
      )?.displayName;
      if (entity && displayName)
        found.set(
          stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          displayName,
        );
    }
    return found;
  }, [catalogApi, key]);
  const value = names.value;
  return useCallback(
    (ref: string) =>
      value?.get(ref.toLocaleLowerCase('en-US')) ?? shortName(ref),
    [value],
  );
}
