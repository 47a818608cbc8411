type Credentials = Record<string, string | undefined>;
type AllSet<T extends Credentials> = T & { [K in keyof T]: string };

function allSet<T extends Credentials>(credentials: T): credentials is AllSet<T> {
  return Object.values(credentials).every((value) => value !== undefined);
}

/**
 * The credentials of a front-end or carrier adapter (variable → value) when every one is set; otherwise
 * undefined, with a reason such as `hongkong-post: HKPOST_SYS_SECRET is not set (HKPOST_SYS_ID is)`
 * pushed onto `disabled`.
 */
export function requireSet<T extends Credentials>(
  id: string,
  credentials: T,
  disabled: string[],
): AllSet<T> | undefined {
  if (allSet(credentials)) return credentials;
  const names = Object.keys(credentials);
  const missing = names.filter((name) => credentials[name] === undefined);
  const present = names.filter((name) => credentials[name] !== undefined);
  const reason = `${id}: ${listNames(missing)} not set`;
  disabled.push(present.length === 0 ? reason : `${reason} (${listNames(present)})`);
  return undefined;
}

/** `A is`, `A and B are`, `A, B and C are`. */
function listNames(names: readonly string[]): string {
  const last = names.at(-1) ?? '';
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${last}` : last;
  return `${list} ${names.length > 1 ? 'are' : 'is'}`;
}
