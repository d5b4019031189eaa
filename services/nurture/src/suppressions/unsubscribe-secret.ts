/** Injection token of the secret one-click unsubscribe tokens are signed and checked with. */
export const UNSUBSCRIBE_SECRET = Symbol('UNSUBSCRIBE_SECRET');

/** Development only (the launcher passes a secret of its own; outside development one is required). */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-unsubscribe-secret';
