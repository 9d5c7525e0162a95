/** A CLI failure with a message for the operator and an exit code (2 = usage or input error). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
