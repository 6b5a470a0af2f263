/**
 * A shell command cut into lines of at most `width` characters, each but the last ending in
 * ` \`: pasted whole it runs as one command; pasted in part, the shell waits for the rest
 * instead of running half of it. Cuts fall only on spaces outside single quotes (the quoting
 * tolog's printed commands use); a word longer than a line stays whole.
 */
export function shellLines(command: string, width: number, indent = "  "): string[] {
  const words = splitOutsideQuotes(command);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line === "" ? word : `${line} ${word}`;
    // Room for the " \" that ends every line but the last.
    if (line !== "" && candidate.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function splitOutsideQuotes(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quoted = false;
  for (const char of command) {
    if (char === "'") quoted = !quoted;
    if (char === " " && !quoted) {
      if (word !== "") words.push(word);
      word = "";
    } else {
      word += char;
    }
  }
  if (word !== "") words.push(word);
  return words;
}
