/** Regex fragments shared by the optional packs. Segments are normalised: single spaces, command first. */

/** Options before a subcommand (`--context x`, `-n ns`, `--flag=v`); option values never start with `-`. */
export const OPTS = String.raw`(?:\s+-{1,2}[\w.-]+(?:=\S*)?(?:\s+(?!-)\S+)?)*?`;

/** A boolean flag's optional value that leaves it on (`--force`, `--force=true`, not `--force=false`). */
export const ON = String.raw`(?:=(?!(?:false|0)(?:\s|$))\S*)?`;

/** End of an argument. */
export const END = String.raw`(?=\s|$)`;
