import helmet from 'helmet';

/**
 * Security headers on every response (helmet's defaults: a same-origin Content-Security-Policy, nosniff, frame
 * denial, no referrer, HSTS, cross-origin isolation). The Swagger page loads its scripts, styles and images from the
 * service itself and inline styles only, which the default policy allows.
 */
export function securityHeaders() {
  return helmet();
}
