/** The package version, sent in the `Auth0-Client` header. A node test keeps it equal to package.json's. */
export const VERSION = '0.1.0';
