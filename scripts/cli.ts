import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a CLI's arguments with `--help`/`-h` added. Prints the usage and returns undefined when there is
 * nothing to do: for --help (exit 0) or for bad arguments (exit code 2, with the reason).
 */
export function parseCli<T extends Options>(
  args: string[],
  options: T,
  usage: string,
): Record<keyof T, string | boolean | undefined> | undefined {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  return values as Record<keyof T, string | boolean | undefined>;
}
