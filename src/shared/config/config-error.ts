import type { z } from 'zod';

/** A configuration problem, reported as one line naming the variable. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }

  static fromZod(error: z.ZodError): ConfigError {
    const issue = error.issues[0];
    const variable = issue?.path.join('.') || 'environment';
    return new ConfigError(variable, issue?.message ?? 'is invalid');
  }
}
