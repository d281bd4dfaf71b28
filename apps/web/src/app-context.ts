import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { Language, Texts } from './i18n/language';
import { Session } from './session';

export interface App {
  readonly texts: Texts;
  setLanguage(language: Language): void;
  readonly session: Session;
  readonly online: boolean;
}

export const AppContext = createContext<App | undefined>(undefined);

/** The signed-in app's context; pages render only inside it. */
export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside the signed-in app');
  return app;
}
