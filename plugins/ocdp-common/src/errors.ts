import { InputError } from '@backstage/errors';

/**
 * A request input that OCDP rejects: a bad tenant name, namespace, quota key or quantity.
 *
 * It is an `InputError` from `@backstage/errors` (`name` is `InputError`), so Backstage's error
 * handling middleware answers it with HTTP 400. The message always starts with the field
 * (`quota.requests.cpu: "12GB" is not a valid Kubernetes quantity`), so the UI can show it as is.
 *
 * @public
 */
export class OcdpInputError extends InputError {
  /** The rejected field, as a dotted path (`name`, `namespace`, `quota.requests.cpu`). */
  readonly field: string;

  /**
   * @param field - the rejected field; the message is prefixed with it
   * @param detail - what is wrong, without the field name
   */
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'InputError';
    this.field = field;
  }
}
