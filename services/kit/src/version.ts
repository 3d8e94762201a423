import { readFileSync } from 'node:fs';

/** The `version` of the package.json one folder above the calling module's folder (src/ → package). */
export function packageVersion(moduleUrl: string): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', moduleUrl), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
