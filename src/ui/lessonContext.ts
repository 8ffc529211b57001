/** The lesson store, reachable from every component. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LessonState, LessonStore } from './lessons.ts';

export const LessonContext = createContext<LessonStore | null>(null);

export function useLesson<T>(selector: (s: LessonState) => T): T {
  const store = useContext(LessonContext);
  if (store === null) throw new Error('useLesson outside of LessonContext');
  return useStore(store, selector);
}
