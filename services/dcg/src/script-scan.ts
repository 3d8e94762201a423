/** Finds shell commands run from inline scripts: `os.system('…')`, `execSync('…')`, `system('…')`, backticks. */
import type { ScriptLang } from './shell-types.ts';
import { readCommandLiteral, readString } from './script-literals.ts';

export interface ShellOut {
  code: string;
  /** Offset of the code within the script. */
  at: number;
}

const CALLS = new RegExp(
  String.raw`\b(?:os\.system|os\.popen|(?:\w+\.)?(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)` +
    String.raw`|execSync|execFileSync|spawnSync|execFile|exec|spawn|system|IO\.popen|Open3\.\w+|Deno\.Command|Bun\.spawnSync|Bun\.spawn)` +
    String.raw`\s*\(\s*|\bsystem\s+(?=['"])|\bexec\s+(?=['"])`,
  'g',
);

/** Ruby and Perl run backticks, `%x( )` and `qx( )` through the shell; in JavaScript a backtick is a string. */
function backtickCommands(code: string, out: ShellOut[]): void {
  const re = /`([^`]*)`|%x\(([^)]*)\)|\bqx[({]([^)}]*)[)}]/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const body = m[1] ?? m[2] ?? m[3] ?? '';
    out.push({ code: body, at: m.index + m[0].indexOf(body) });
  }
}

/** Shell command lines an inline script of `lang` runs, where they are literal. */
export function shellOuts(lang: ScriptLang, code: string): ShellOut[] {
  const out: ShellOut[] = [];
  CALLS.lastIndex = 0;
  for (let m = CALLS.exec(code); m; m = CALLS.exec(code)) {
    const lit = readCommandLiteral(code, m.index + m[0].length, true);
    if (lit) out.push({ code: lit.text, at: lit.start });
  }
  if (lang === 'ruby' || lang === 'perl') backtickCommands(code, out);
  return out;
}

/** The first string literal argument after `i` (just past an opening parenthesis), if any. */
export function firstStringArg(code: string, i: number): string | undefined {
  while (i < code.length && /\s/.test(code[i])) i++;
  return readString(code, i)?.text;
}
