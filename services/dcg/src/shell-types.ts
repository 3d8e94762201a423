/** Internal shapes produced by the lexer, splitter and normaliser. */

/** A `$( )`, backtick or `<( )` body found inside a word; `start` is an offset into the checked command. */
export interface Sub {
  code: string;
  start: number;
  /** Segments the parser found in this body (nested ones too), for rules that follow output into code. */
  segments?: Segment[];
}

export interface Word {
  /** The word after quote removal and escape processing. */
  value: string;
  start: number;
  end: number;
  /** Index in `value` of the first quoted or escaped character, -1 when none. */
  quotedFrom: number;
  subs?: Sub[];
}

/** A heredoc or here-string body, or data piped in from a previous command. */
export interface Body {
  text: string;
  start: number;
  /** Whether `$( )` and backticks inside are expanded (an unquoted heredoc delimiter). */
  expand: boolean;
  /** The word a here-string was read from. */
  word?: Word;
  /** Substitutions in an expanded heredoc body, with the segments parsed from them. */
  subs?: Sub[];
}

export interface Redirect {
  op: string;
  fd: string;
  target: Word | undefined;
}

export type Origin = 'command' | 'substitution' | 'shell-c' | 'eval' | 'stdin' | 'exec' | 'script' | 'alias' | 'remote' | 'dynamic';

export type ScriptLang = 'python' | 'node' | 'ruby' | 'perl' | 'php' | 'awk';

/** Maps a stretch of a segment's text back to the checked command. */
export interface Piece {
  at: number;
  len: number;
  start: number;
  end: number;
  linear: boolean;
}

/** One simple command after normalisation, or the body of an inline script. */
export interface Segment {
  /** Command name: basename, lowercase, wrappers stripped; the interpreter for scripts. */
  cmd: string;
  /** Command word followed by its arguments; empty for scripts. */
  words: Word[];
  args: Word[];
  /** What regex rules see: command, arguments (data masked), redirects, SQL stdin; the code for scripts. */
  text: string;
  lower: string;
  pieces: Piece[];
  redirects: Redirect[];
  stdin: Body | undefined;
  /** Data this command writes to a pipe when it is known literally (echo, printf, cat <<EOF). */
  dataOut: Body | undefined;
  script: ScriptLang | undefined;
  readOnly: boolean;
  isData: boolean;
  fromXargs: boolean;
  depth: number;
  origin: Origin;
  start: number;
  end: number;
  /** Neighbours in the same command list (`a | b`, `a && b`, `a; b`) of the same piece of shell code. */
  prev?: Segment;
  next?: Segment;
  /** Whether stdin comes from `prev` through a pipe. */
  pipeIn: boolean;
  /**
   * Where this segment's output goes beyond its pipeline: the command running its code, or the command
   * holding its substitution in `word` (or in its heredoc, `stdin`).
   */
  via?: { seg: Segment; word?: Word; stdin?: boolean };
  /** Per-segment memo for matchers that share an argument parse (git, rm). */
  memo?: Map<string, unknown>;
}

/** Where a rule matched, as offsets into the checked command. */
export interface Hit {
  start: number;
  end: number;
}
