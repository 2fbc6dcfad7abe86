export interface Config {
  adp?: {
    provisioning?: {
      /**
       * Where the portal provisions GitHub (declared in full by @adp-portal/plugin-adp-backend).
       * The adp:* actions read the organisation and host to tell templates where a project's
       * repositories go. Unset: not configured, templates get no GitHub target.
       */
      github?: {
        organization: string;
        /** Default github.com. */
        host?: string;
      };
    };
  };
}
