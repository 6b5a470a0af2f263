import type { FunctionComponent } from "react";

/**
 * Shows an ink view on the terminal until the user quits it. ink and React are imported here,
 * lazily (as is the view, through `load`), so that table and JSON runs never load them.
 */
export async function showInteractive<P extends object>(load: () => Promise<FunctionComponent<P>>, props: P): Promise<void> {
  const [{ render }, { createElement }, View] = await Promise.all([import("ink"), import("react"), load()]);
  const instance = render(createElement(View, props));
  await instance.waitUntilExit();
}
