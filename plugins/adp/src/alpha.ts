/**
 * The ADP plugin for the new frontend system: `import adpPlugin from '@adp-portal/plugin-adp/alpha'`
 * gives the Delivery pages and nav item, the Team and History entity tabs, and the
 * Provisioning and "Your access here" entity cards.
 *
 * @packageDocumentation
 */
import { adpFrontendPlugin } from './alpha/plugin';

export default adpFrontendPlugin;
