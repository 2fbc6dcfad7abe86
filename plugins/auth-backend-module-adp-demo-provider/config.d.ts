export interface Config {
  adp?: {
    /**
     * Where this portal runs. `production` forbids demo sign-in: the demo
     * provider refuses to start when it is set.
     */
    environment?: string;

    /** Demo-only sign-in as a chosen persona (see app-config.demo.yaml). */
    demo?: {
      /**
       * Turns on the `adp-demo` auth provider and the persona chooser.
       * @visibility frontend
       */
      enabled?: boolean;

      /**
       * The only users the demo provider signs in as. Each must be a User
       * entity in the catalog.
       * @deepVisibility frontend
       */
      personas?: Array<{
        /** User entity ref, for example `user:default/tess`. */
        userRef: string;
        /** The person's name on the chooser; the catalog profile wins after sign-in. */
        displayName?: string;
        /** The role the persona plays, shown on the chooser. */
        title: string;
        /** One line on what the role can do. */
        description: string;
      }>;
    };
  };
}
