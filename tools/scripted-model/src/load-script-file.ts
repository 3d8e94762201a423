import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ScriptFile } from './script-schema.ts';

/** Reads and validates a script file; throws with every problem listed when it does not parse. */
export async function loadScriptFile(path: string): Promise<ScriptFile> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = ScriptFile.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: invalid script\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
