/** Regex fragments shared by the optional packs. Segments are normalised: single spaces, command first. */

/** Options before a subcommand (`--context x`, `-n ns`, `--flag=v`); option values never start with `-`. */
export const OPTS = String.raw`(?:\s+-{1,2}[\w.-]+(?:=\S*)?(?:\s+(?!-)\S+)?)*?`;

/** End of an argument. */
export const END = String.raw`(?=\s|$)`;
