/**
 * The closest choice to a misspelt word, for "did you mean" help: normalised Levenshtein
 * similarity (1 - distance / longer length), case-insensitive, at least 0.6, as angle-grinder's
 * `did_you_mean`. Ties go to the earlier choice, so callers list the likelier words first.
 */
export function didYouMean(input: string, choices: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestScore = 0.6;
  for (const choice of choices) {
    const candidate = choice.toLowerCase();
    if (candidate === wanted) continue;
    const longer = Math.max(candidate.length, wanted.length);
    const score = longer === 0 ? 0 : 1 - levenshtein(wanted, candidate) / longer;
    if (score > bestScore || (best === undefined && score === bestScore)) {
      best = choice;
      bestScore = score;
    }
  }
  return best;
}

/** Edit distance with insertions, deletions and substitutions, two rows at a time. */
export function levenshtein(a: string, b: string): number {
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
