/**
 * A command as the demo echoes it: `$ ` and its words, already shell-quoted. Within `width` it is
 * cut between words, each line but the last ending in ` \`, so that the lines pasted together
 * still run as one command (a projector's terminal is 80 columns; the paths are long). A word
 * longer than a line stays whole.
 */
export function echoedCommand(words: readonly string[], width = Infinity): string {
  const lines: string[] = [];
  let line = "$";
  for (const word of words) {
    // Room for the " \" that continues a line.
    if (line !== "$" && line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `   ${word}`;
    } else line = `${line} ${word}`;
  }
  return [...lines, line].join("\n");
}
