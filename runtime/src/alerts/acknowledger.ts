/** Who acknowledged when the caller does not say (there is one local user and no login yet). */
export const DEFAULT_ACKNOWLEDGER = 'local user';
