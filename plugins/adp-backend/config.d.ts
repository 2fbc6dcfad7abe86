export interface Config {
  adp?: {
    /** Seed the demo ALBs, programmes, projects and personas at startup (idempotent). */
    demoData?: boolean;
    /** Environments that get per-environment groups (database readers/writers). Default snd, dev, tst, pre, prd. */
    environments?: string[];
    /** Naming templates of the managed groups and teams; see adp-common naming.ts. */
    naming?: { [key: string]: string };
    provisioning?: {
      /** Schedule the drain and the full pass. Default true. */
      enabled?: boolean;
      /** Production environments: their database Reader/Writer groups hold Production Deploy/Admin holders only. Default: prd if listed. */
      productionEnvironments?: string[];
      /** How often the outbox is drained. Default 5. */
      drainIntervalSeconds?: number;
      /**
       * How often hand-made drift is looked for in GitHub (every target, with conditional
       * requests: unchanged answers are 304s, free of GitHub's rate limit) and Entra ID (only the
       * groups Graph's delta query says changed); the first pass runs after a minute or one
       * interval if shorter. Azure DevOps and SonarCloud have their own, longer, interval. Default 60.
       */
      fullPassIntervalMinutes?: number;
      /** Outbox items claimed per batch. Default 100. */
      batchSize?: number;
      /** How long a claim holds before another engine may take the item (a crashed engine). Default 600. */
      leaseSeconds?: number;
      backoff?: {
        /** First retry delay. Default 5000. */
        baseMilliseconds?: number;
        /** Longest retry delay. Default 900000 (15 minutes). */
        capMilliseconds?: number;
      };
      /** GitHub: credentials and API URL come from integrations.github for the host. */
      github?: {
        organization: string;
        /** Default github.com. */
        host?: string;
        /** How long the organisation's repository list is reused. Default 60. */
        repositoryCacheSeconds?: number;
        /**
         * GitHub topics that mark the platform's own repositories: ADP-Platform-Admins is admin on
         * them as on every delivery project's repositories. Default [adp].
         */
        platformRepositoryTopics?: string[];
        /**
         * The deployment environment of project repositories (e.g. `production`) whose required
         * reviewers are kept to the project's Production Deploy team. Unset: environments are left alone.
         */
        productionEnvironment?: string;
      };
      entra?: {
        tenantId: string;
        clientId: string;
        /** @visibility secret */
        clientSecret: string;
        /** Default https://graph.microsoft.com */
        graphBaseUrl?: string;
        /** Azure AD authority, default https://login.microsoftonline.com (must be https). */
        authorityHost?: string;
      };
      azureDevOps?: {
        organization: string;
        /** @visibility secret */
        personalAccessToken: string;
        /** Default https://dev.azure.com/{organization} */
        baseUrl?: string;
        /** Default https://vssps.dev.azure.com/{organization} */
        graphBaseUrl?: string;
        /** How often every target's Azure DevOps group is read to repair hand-made drift (Azure DevOps sends no change feed). Default 360. */
        fullPassIntervalMinutes?: number;
      };
      sonarcloud?: {
        organization: string;
        /** @visibility secret */
        token: string;
        /** Default https://sonarcloud.io */
        baseUrl?: string;
        /** How often every target's SonarCloud group and template are read to repair hand-made drift (SonarCloud sends no change feed). Default 360. */
        fullPassIntervalMinutes?: number;
      };
    };
    productionAccess?: {
      /** How often grants of holders absent for more than six weeks are revoked. Default 60. */
      revocationIntervalMinutes?: number;
    };
    notifications?: {
      /**
       * Minutes a project's provisioning fails in a system before its team admins are told,
       * once per failure episode. Default 60.
       */
      provisioningFailureMinutes?: number;
    };
    platformRoles?: {
      /** Catalog groups whose members are ADP Admins, e.g. group:default/adp-platform-engineers. */
      adpAdminGroups?: string[];
      /** Catalog groups whose members are CCoE Engineers, e.g. group:default/ccoe-engineers. */
      ccoeEngineerGroups?: string[];
    };
  };
}
