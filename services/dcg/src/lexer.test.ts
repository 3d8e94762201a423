import { describe, expect, it } from 'vitest';
import { lex, type Token } from './lexer.ts';

const show = (t: Token): string => (t.kind === 'word' ? t.word.value : t.kind === 'op' ? `<${t.op === '\n' ? 'NL' : t.op}>` : `[${t.fd}${t.op}]`);
const tokens = (s: string): string[] => lex(s).tokens.map(show);

describe('lex', () => {
  it('removes quotes and escapes from words', () => {
    expect(tokens(`"git" 're'set \\--hard "a b"`)).toEqual(['git', 'reset', '--hard', 'a b']);
  });

  it('keeps backslashes inside double quotes unless they escape a special character', () => {
    expect(tokens(String.raw`"a\nb" "\$x" "\"q\""`)).toEqual(['a\\nb', '$x', '"q"']);
  });

  it('decodes ANSI-C quoting', () => {
    expect(tokens(String.raw`$'\x72m' $'\162\155' $'a\tb' $'\u00e9'`)).toEqual(['rm', 'rm', 'a\tb', 'é']);
  });

  it('splits on every control operator', () => {
    expect(tokens('a | b || c && d ; e & f |& g\nh')).toEqual(['a', '<|>', 'b', '<||>', 'c', '<&&>', 'd', '<;>', 'e', '<&>', 'f', '<|&>', 'g', '<NL>', 'h']);
  });

  it('reads redirections with file descriptors', () => {
    expect(tokens('cmd 2>/dev/null >>log &>all <in 2>&1')).toEqual(['cmd', '[2>]', '/dev/null', '[>>]', 'log', '[&>]', 'all', '[<]', 'in', '[2>&]', '1']);
  });

  it('records $( ), backticks and process substitution bodies with their offsets', () => {
    const [word] = lex('x$(rm -rf ~)y').tokens;
    expect(word).toMatchObject({ kind: 'word', word: { value: 'x$(rm -rf ~)y', subs: [{ code: 'rm -rf ~', start: 3 }] } });
    const back = lex('echo `git clean -f`').tokens[1];
    expect(back).toMatchObject({ word: { subs: [{ code: 'git clean -f', start: 6 }] } });
    const proc = lex('cat <(rm -rf ~)').tokens[1];
    expect(proc).toMatchObject({ word: { value: '<(rm -rf ~)', subs: [{ code: 'rm -rf ~', start: 6 }] } });
  });

  it('ignores arithmetic expansion and single-quoted substitutions', () => {
    expect(lex('echo $((1 + (2 * 3)))').tokens[1]).toMatchObject({ word: { value: '$((1 + (2 * 3)))' } });
    expect(lex(`echo '$(rm -rf ~)'`).tokens[1]).not.toHaveProperty('word.subs');
  });

  it('ends a word at an unquoted $IFS', () => {
    expect(tokens('rm${IFS}-rf$IFS/')).toEqual(['rm', '-rf', '/']);
    expect(tokens('echo "a${IFS}b"')).toEqual(['echo', 'a${IFS}b']);
  });

  it('drops comments, line continuations and zero-width characters', () => {
    expect(tokens('git \\\n status # reset --hard')).toEqual(['git', 'status']);
    expect(tokens('r\u200bm a#b')).toEqual(['rm', 'a#b']);
  });

  it('attaches heredoc bodies, honouring <<- and quoted delimiters', () => {
    const r = lex("cat <<EOF | bash\nrm -rf ~\nEOF\nsh <<-'END'\n\tgit reset --hard\n\tEND\necho done");
    const bodies = r.tokens.filter((t) => t.kind === 'redir').map((t) => (t.kind === 'redir' ? t.body : undefined));
    expect(bodies).toEqual([
      { text: 'rm -rf ~\n', start: 17, expand: true },
      { text: '\tgit reset --hard\n', start: 42, expand: false },
    ]);
    expect(r.tokens.map(show).slice(-1)).toEqual(['done']);
  });

  it('reads an unterminated heredoc to the end of input', () => {
    const r = lex('bash <<EOF\nrm -rf ~');
    expect(r.tokens[1]).toMatchObject({ body: { text: 'rm -rf ~' } });
  });

  it('reports unterminated quotes and substitutions but keeps going', () => {
    expect(lex(`echo "abc`).errors).toEqual(['unterminated double quote']);
    expect(lex(`echo 'abc`).errors).toEqual(['unterminated single quote']);
    expect(lex('echo $(ls').errors).toEqual(['unterminated $(']);
    expect(lex('echo `ls').errors).toEqual(['unterminated backtick']);
  });

  it('offsets every word into the original text, shifted by the base', () => {
    expect(lex('a  bc', 10).tokens).toMatchObject([{ word: { start: 10, end: 11 } }, { word: { start: 13, end: 15 } }]);
  });
});
