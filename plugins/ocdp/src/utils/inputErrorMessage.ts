import { OcdpInputError } from '@ocdp/plugin-ocdp-common';

/** The message of the OcdpInputError a check throws, or `undefined` when it passes. */
export function inputErrorMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof OcdpInputError) {
      return error.message;
    }
    throw error;
  }
}
