export interface Config {
  adp?: {
    /** Platform roles held through catalog group membership, in addition to stored assignments. */
    platformRoles?: {
      /** Members of these groups (entity refs, e.g. `group:default/adp-platform-engineers`) are ADP Admins. */
      adpAdminGroups?: string[];
      /** Members of these groups are CCoE Engineers. */
      ccoeEngineerGroups?: string[];
    };
    /** The ADP permission policy (permission-backend-module-adp-policy). */
    policy?: {
      /**
       * How often each backend instance asks the adp plugin which users' roles changed
       * (`/internal/role-index/changes`). Default 5.
       */
      refreshIntervalSeconds?: number;
      /**
       * How often the set of catalog users (who may use the portal at all) is reloaded.
       * Default 60; an unknown user also triggers an early, throttled reload.
       */
      catalogUsersRefreshIntervalSeconds?: number;
    };
  };
}
