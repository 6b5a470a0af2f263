/**
 * The closest of `choices` to `input`, when it is close enough to be a likely typo:
 * normalised Levenshtein similarity of at least 0.6 (as angle-grinder's did_you_mean).
 */
export function didYouMean(input: string, choices: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0.6;
  for (const choice of choices) {
    const a = input.toLowerCase();
    const b = choice.toLowerCase();
    const score = 1 - levenshtein(a, b) / Math.max(a.length, b.length, 1);
    if (score >= bestScore) {
      best = choice;
      bestScore = score;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
