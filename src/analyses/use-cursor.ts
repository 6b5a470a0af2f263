import { useState } from "react";
import { useApp, useInput } from "ink";

/**
 * The keys every analysis view shares: up/down (or k/j) move a cursor over `count` items,
 * q or Esc quits. Returns the cursor index.
 */
export function useCursor(count: number): number {
  const [index, setIndex] = useState(0);
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === "q" || key.escape) exit();
    else if (key.downArrow || input === "j") setIndex((current) => Math.min(Math.max(0, count - 1), current + 1));
    else if (key.upArrow || input === "k") setIndex((current) => Math.max(0, current - 1));
  });
  return Math.min(index, Math.max(0, count - 1));
}
