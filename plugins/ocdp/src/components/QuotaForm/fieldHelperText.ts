/**
 * A field's helper text: its error, else its warning (said, not blocking), else what the field
 * always says.
 */
export function fieldHelperText(
  error: string | undefined,
  warning: string | undefined,
  otherwise?: string,
): string | undefined {
  if (error) {
    return error;
  }
  return warning ? `Warning: ${warning}` : otherwise;
}
