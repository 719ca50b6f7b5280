import { fileURLToPath } from 'node:url';

/** The folder moderato is installed in (with its scenarios, lexicons, migrations), whatever the working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));
