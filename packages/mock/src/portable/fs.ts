// `node:fs/promises` for the bundle: the mock serves its bundled artifact, so reading files (the model
// package's loadModel) is never called; it fails clearly if it ever is.

/** Always rejects: the mock has no file access. */
export async function readFile(path: string): Promise<never> {
  throw new Error(`@forestfn/mock has no file access (tried to read ${path})`);
}
