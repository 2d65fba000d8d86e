import { PASSWORD_MIN_LENGTH } from '@coinlab/shared';

/** The hint under a new password field: the same minimum the server enforces. */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters.`;

/** Why a new password (and its confirmation) would be refused, or null when it is fine. */
export function newPasswordProblem(password: string, confirm: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}
