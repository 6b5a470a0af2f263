/**
 * "Did you mean" help: normalised Levenshtein similarity (1 - distance / longer length),
 * case-insensitive, at least 0.6, as angle-grinder's `did_you_mean`.
 */
const MIN_SIMILARITY = 0.6;

/**
 * The choices similar enough to `input` to be what was meant, most similar first; ties keep the
 * choices' order, so callers list the likelier words first. The input itself in another case
 * counts (similarity 1): where names are case-sensitive, that is the likeliest slip.
 */
export function similarChoices(input: string, choices: readonly string[]): string[] {
  const wanted = input.toLowerCase();
  return choices
    .map((choice) => ({ choice, score: similarity(wanted, choice.toLowerCase()) }))
    .filter(({ score }) => score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score)
    .map(({ choice }) => choice);
}

/** The closest choice other than the input itself, in any case (that one was not misspelt). */
export function didYouMean(input: string, choices: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  return similarChoices(input, choices).find((choice) => choice.toLowerCase() !== wanted);
}

function similarity(a: string, b: string): number {
  return 1 - levenshtein(a, b) / Math.max(a.length, b.length, 1);
}

/** Edit distance with insertions, deletions and substitutions, two rows at a time. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
