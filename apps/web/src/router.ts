import { useEffect, useState } from 'preact/hooks';

/**
 * Where the app is: `#/overview?org=chaowai&period=2024`. The address after # names the page and
 * its choices, so that a page can be bookmarked, shared and reloaded (the API serves /app/ only).
 */
export interface Route {
  readonly path: readonly string[];
  readonly params: URLSearchParams;
}

export function currentRoute(hash: string = location.hash): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function href(path: readonly string[], params: Readonly<Record<string, string | undefined>> = {}): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  const text = search.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${text ? `?${text}` : ''}`;
}

export function navigate(path: readonly string[], params: Readonly<Record<string, string | undefined>> = {}, replace = false): void {
  const target = href(path, params);
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const follow = () => setRoute(currentRoute());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
