// The plugin's version: the package's, which the engine expects the plugin and the schema to report.
export const VERSION: string = (require('../package.json') as { version: string }).version;
