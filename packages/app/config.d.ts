/**
 * Frontend-visible configuration the app itself reads. The app's config schema is
 * collected from the app's own dependencies, so the keys the demo sign-in page reads
 * from the backend module's settings are declared here too.
 */
export interface Config {
  adp?: {
    demo?: {
      /**
       * Shows the persona chooser instead of Microsoft sign-in.
       * @visibility frontend
       */
      enabled?: boolean;
      /**
       * The personas on the chooser.
       * @deepVisibility frontend
       */
      personas?: Array<{
        userRef: string;
        displayName?: string;
        title: string;
        description: string;
      }>;
    };
  };
}
