import { create } from 'zustand';

/**
 * Holds the canvas at the placeholder level of detail while the view is about to jump there
 * (a large graph opened, "Fit view" from full cards). React Flow takes the node list into its
 * store in an effect, one render after the canvas decides the level: a viewport that jumps
 * straight from full cards to far out would first render every node now in view as a full
 * card with its edges (1,000 cards, over a second of main thread) and then remove them. While
 * held, the cards are hidden before the viewport moves (flow-instance.ts moveViewport).
 */
export const useLevelHold = create<{ held: boolean }>(() => ({ held: false }));

export const holdPlaceholder = (held: boolean): void => {
  if (useLevelHold.getState().held !== held) useLevelHold.setState({ held });
};
