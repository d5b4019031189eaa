// `email-providers` ships JSON and an ESM entry without type declarations.
declare module 'email-providers' {
  /** Domains of free and consumer mail providers (lower-case; a few entries are Unicode or malformed). */
  const all: string[];
  export default all;
}
