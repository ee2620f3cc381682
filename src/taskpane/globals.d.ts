/** IMS server base URL, injected at build time by webpack's DefinePlugin (env SANDBOX_URL). */
declare const __SANDBOX_URL__: string;
