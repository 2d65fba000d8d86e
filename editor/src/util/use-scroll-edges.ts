import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface ScrollEdges {
  /** Content hidden to the left (scrolled). */
  left: boolean;
  /** Content hidden to the right: more columns than the box shows. */
  right: boolean;
}

/**
 * Which sides of a horizontally scrolling box hide content, kept current on scroll and
 * resize. Overlay scrollbars (macOS, touch) are invisible until used, so a wide table
 * otherwise just looks cut off; callers shade the hidden side.
 */
export function useScrollEdges(ref: RefObject<HTMLElement | null>): ScrollEdges {
  const [edges, setEdges] = useState<ScrollEdges>({ left: false, right: false });
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const left = el.scrollLeft > 1;
    const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setEdges((prev) => (prev.left === left && prev.right === right ? prev : { left, right }));
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', measure);
      observer?.disconnect();
    };
  }, [ref, measure]);
  return edges;
}
