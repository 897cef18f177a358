// `node:fs/promises` for the bundle: the mock serves its bundled artifact, so the model package's file
// functions (loadModel reads, trainToFile writes) are never called; each fails clearly if it ever is.

const noFiles = (what: string, path: unknown) =>
  new Error(`@forestfn/mock has no file access (tried to ${what} ${String(path)})`);

/** Always rejects: the mock has no file access. */
export async function readFile(path: unknown): Promise<never> {
  throw noFiles('read', path);
}

/** Always rejects: the mock has no file access. */
export async function writeFile(path: unknown): Promise<never> {
  throw noFiles('write', path);
}

/** Always rejects: the mock has no file access. */
export async function mkdir(path: unknown): Promise<never> {
  throw noFiles('make', path);
}
