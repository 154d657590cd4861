// The class page's address: `/#class=<code>&key=<teacher secret>`. The secret sits in the
// fragment, which browsers never send to a server (nor put in its logs); the page sends it only
// as the Authorization header of its own API calls.

export interface ClassAddress {
  code: string;
  teacherSecret: string;
}

export function classAddressFromHash(hash: string): ClassAddress | null {
  if (!hash.startsWith("#class=")) return null;
  const params = new URLSearchParams(hash.slice(1));
  const code = params.get("class")?.trim();
  const teacherSecret = params.get("key")?.trim();
  return code && teacherSecret ? { code, teacherSecret } : null;
}

export function classHash(address: ClassAddress): string {
  return `#class=${encodeURIComponent(address.code)}&key=${encodeURIComponent(address.teacherSecret)}`;
}

/** The teacher's link, whole: what they bookmark or keep. */
export function classLink(address: ClassAddress): string {
  return `${location.origin}/${classHash(address)}`;
}

/** Leaving the class page: forget its address (the secret) without a history entry. */
export function clearClassHash(): void {
  if (classAddressFromHash(location.hash)) history.replaceState(null, "", location.pathname + location.search);
}
