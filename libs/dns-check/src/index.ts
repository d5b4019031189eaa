// Mail-domain DNS checks for qualification: MX with A/AAAA fallback through configurable resolvers,
// cached and de-duplicated, plus the loopback DNS server that tests, the demo and benchmarks answer from. Node-only.
export * from './dns-check-config.js';
export * from './domain-mail-check.js';
export * from './loopback-dns-server.js';
