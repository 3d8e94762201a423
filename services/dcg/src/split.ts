/** Groups tokens into simple commands, splitting on `|`, `&&`, `||`, `;`, `&`, newlines and parens. */
import type { Body, Redirect, Word } from './shell-types.ts';
import type { Token } from './lexer.ts';

export interface RawCommand {
  words: Word[];
  redirects: Redirect[];
  /** Heredoc and here-string bodies, in order. */
  bodies: Body[];
  /** Words that are not arguments but may hold `$( )`: redirect targets, here-strings. */
  hidden: Word[];
  /** Whether stdin comes from the previous command through `|`. */
  pipeIn: boolean;
}

function empty(pipeIn: boolean): RawCommand {
  return { words: [], redirects: [], bodies: [], hidden: [], pipeIn };
}

function hereString(target: Word): Body {
  return { text: target.value, start: target.start + (target.quotedFrom === 0 ? 1 : 0), expand: false, word: target };
}

function addRedirect(cur: RawCommand, tok: Token & { kind: 'redir' }, next: Token | undefined, errors: string[]): boolean {
  if (tok.op === '<<' || tok.op === '<<-') {
    cur.bodies.push(tok.body ?? { text: '', start: tok.start, expand: false });
    return next?.kind === 'word';
  }
  const target = next?.kind === 'word' ? next.word : undefined;
  if (!target) errors.push(`redirection ${tok.op} without a target`);
  else cur.hidden.push(target);
  if (tok.op === '<<<' && target) cur.bodies.push(hereString(target));
  else cur.redirects.push({ op: tok.op, fd: tok.fd, target });
  return target !== undefined;
}

/** Splits a token stream into simple commands; empty commands are dropped. */
export function splitCommands(tokens: Token[], errors: string[]): RawCommand[] {
  const out: RawCommand[] = [];
  let cur = empty(false);
  const finish = (pipeIn: boolean): void => {
    const isEmpty = !(cur.words.length || cur.redirects.length || cur.bodies.length || cur.hidden.length);
    if (!isEmpty) out.push(cur);
    // `a | (b)`: the paren must not cut the pipe.
    cur = empty(pipeIn || (isEmpty && cur.pipeIn));
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === 'word') cur.words.push(tok.word);
    else if (tok.kind === 'redir') {
      if (addRedirect(cur, tok, tokens[i + 1], errors)) i++;
    } else finish(tok.op === '|' || tok.op === '|&');
  }
  finish(false);
  return out;
}
