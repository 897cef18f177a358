import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBenchArgs, selectSections } from './args.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('selectSections', () => {
  it('runs every section by default, and the named ones in run order', () => {
    expect(selectSections('scale')).toEqual(['scale']);
    expect(selectSections(undefined)).toEqual([
      'train',
      'predict',
      'http',
      'hostile',
      'cold',
      'client',
      'scale',
      'interop',
    ]);
    expect(selectSections('http, train')).toEqual(['train', 'http']);
  });

  it('refuses unknown sections and an empty list', () => {
    expect(() => selectSections('train,gpu')).toThrow(/got gpu/);
    expect(() => selectSections(',')).toThrow(/got none/);
  });
});

describe('parseBenchArgs', () => {
  it('runs every section with every comparison by default', () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      sections: ['train', 'predict', 'http', 'hostile', 'cold', 'client', 'scale', 'interop'],
      sklearn: true,
      library: true,
    });
  });

  it('reads the options', () => {
    expect(parseBenchArgs(['--quick', '--only', 'predict', '--no-sklearn', '--no-library'])).toEqual({
      quick: true,
      sections: ['predict'],
      sklearn: false,
      library: false,
    });
  });

  it('prints the reason and the usage, with exit code 2, for bad arguments', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(parseBenchArgs(['--only', 'gpu'])).toBeUndefined();
    expect(process.exitCode).toBe(2);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/got gpu\nusage: pnpm bench/));
    process.exitCode = undefined;
    expect(parseBenchArgs(['--fast'])).toBeUndefined();
    expect(process.exitCode).toBe(2);
  });
});
