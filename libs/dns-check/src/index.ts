// Mail-domain DNS checks for qualification: MX with A/AAAA fallback through configurable resolvers, cached and
// de-duplicated. Node-only. (The loopback DNS server that tests, the demo and benchmarks answer from is a
// development fake: tools/dev-fakes/dns.)
export * from './dns-check-config.js';
export * from './domain-mail-check.js';
