/**
 * The preload that reports every package a process loads (`report-loaded-packages.ts`), as a URL for
 * `node --import`. Node runs it from its TypeScript (type stripping), so it needs no tsx.
 */
export const REPORT_LOADED_PACKAGES = new URL('report-loaded-packages.ts', import.meta.url).href;

/** The packages the preload reported on the last line of a child's stderr. */
export function loadedPackages(stderr: string): string[] {
  const last = stderr.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(last) as { loadedPackages: string[] }).loadedPackages;
}
