/**
 * The OCDP backend plugin.
 *
 * @packageDocumentation
 */

export { ocdpPlugin as default } from './plugin';
