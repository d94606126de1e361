/** Which parts of adpilot a process runs; `all` is the single-process default of `./adpilot start`. */
export const ROLES = ['bot', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** Raised for a bad `--role`; the message lists the accepted values. */
export class RoleError extends Error {
  override name = 'RoleError';
}

const expected = `expected --role ${ROLES.join('|')}`;

/**
 * Reads `--role <r>` or `--role=<r>` from the command line (default `all`).
 * @throws RoleError for an unknown role, a missing value or an unknown argument.
 */
export function parseRole(argv: readonly string[]): Role {
  let role: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--role') {
      role = argv[++i];
      if (role === undefined) throw new RoleError(`--role needs a value: ${expected}`);
    } else if (arg.startsWith('--role=')) role = arg.slice('--role='.length);
    else throw new RoleError(`unknown argument ${JSON.stringify(arg)}: ${expected}`);
  }
  if (role === undefined) return 'all';
  if (!(ROLES as readonly string[]).includes(role))
    throw new RoleError(`unknown role ${JSON.stringify(role)}: ${expected}`);
  return role as Role;
}
