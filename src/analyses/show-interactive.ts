import type { FunctionComponent, createElement as CreateElement } from "react";
import type { render as Render } from "ink";

/**
 * ink's `render` and React's `createElement`, imported lazily so that table and JSON runs never
 * load them. React is CommonJS: in the bundle, a dynamic import of it has its exports under
 * `default` only, so both shapes are read.
 */
export async function loadInk(): Promise<{ render: typeof Render; createElement: typeof CreateElement }> {
  const [ink, react] = await Promise.all([import("ink"), import("react")]);
  const createElement = (react as { createElement?: typeof CreateElement }).createElement ?? (react as unknown as { default: typeof import("react") }).default.createElement;
  return { render: ink.render, createElement };
}

/** Shows an ink view on the terminal until the user quits it (the view is loaded through `load`). */
export async function showInteractive<P extends object>(load: () => Promise<FunctionComponent<P>>, props: P): Promise<void> {
  const [{ render, createElement }, View] = await Promise.all([loadInk(), load()]);
  const instance = render(createElement(View, props));
  await instance.waitUntilExit();
}
