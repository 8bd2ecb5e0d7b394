import { invalidInput } from "../shared/errors.ts";

export type Flags = { positional: string[]; values: Map<string, string>; switches: Set<string> };

/**
 * `--name value` and `--name=value` options, bare `--switch`es and positional arguments.
 * `valued` names the options that take a value; anything else starting with `--` must be in
 * `switches`. An unknown option is an error, never silently ignored.
 */
export function parseFlags(args: string[], spec: { valued?: string[]; switches?: string[] }): Flags {
  const valued = new Set(spec.valued ?? []);
  const allowedSwitches = new Set(spec.switches ?? []);
  const flags: Flags = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      flags.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (valued.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith("--")) throw usageError(`--${name} needs a value`);
      flags.values.set(name, value);
    } else if (allowedSwitches.has(name) && inline === undefined) {
      flags.switches.add(name);
    } else {
      throw usageError(`unknown option --${name}`);
    }
  }
  return flags;
}

function usageError(message: string) {
  return invalidInput(message, { key: "cli.usage", params: { problem: message } });
}
