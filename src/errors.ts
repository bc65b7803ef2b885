/**
 * Domain failures. Each has a stable code; `src/teams/errors.ts` is the one place that turns them
 * into what a user sees. `userMessage` is written for the person in Teams, never a stack trace.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** The step to offer as a button where the refusal is shown as a card: a command, as help's buttons run it. */
  next: { title: string; command: string } | undefined;
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = new.target.name;
  }

  /** Offers `command` (a command's id, taking no arguments) as the next step, titled `title`. */
  withNext(title: string, command: string): this {
    this.next = { title, command };
    return this;
  }
}

/** The person lacks the role a use case needs. Nothing was changed. */
export class ForbiddenError extends DomainError {
  readonly code = 'CORE.FORBIDDEN';
}

/** A command or card payload did not validate. Nothing was changed. */
export class InvalidInputError extends DomainError {
  readonly code = 'CORE.INVALID_INPUT';
  constructor(
    userMessage: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length > 0 ? `${userMessage} ${problems.join('; ')}` : userMessage);
  }
}

/**
 * A form had problems; `fieldErrors` says which field and why, so the route can show the form
 * again with each message under its field. Nothing was saved.
 */
export class FormError extends DomainError {
  readonly code = 'CORE.INVALID_FORM';
  constructor(readonly fieldErrors: Record<string, string>) {
    super(`Please correct the highlighted fields: ${Object.values(fieldErrors).join(' ')}`);
  }
}

/** The thing a person referred to does not exist (or is not theirs to see). */
export class NotFoundError extends DomainError {
  readonly code = 'CORE.NOT_FOUND';
}

/** The command is not available where it was used (e.g. a personal-chat command in a channel). */
export class WrongPlaceError extends DomainError {
  readonly code = 'CORE.WRONG_PLACE';
}

/**
 * Someone else changed what this person was editing since their card was shown (or at the same
 * moment). Nothing was changed; the card shows the current state with this message.
 */
export class ChangedMeanwhileError extends DomainError {
  readonly code = 'CORE.CHANGED_MEANWHILE';
  constructor(what: string) {
    super(`Someone else changed ${what} at the same moment, so nothing was changed. This is how it stands now.`);
  }
}

/**
 * Runs `work`; a domain refusal (other than a missing role, which the Teams layer answers the same
 * way everywhere) is shown on the card the person is working on, via `show`, instead of as an error.
 */
export async function showingRefusals<R>(work: () => Promise<R>, show: (message: string) => R | Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && !(error instanceof ForbiddenError)) return show(error.userMessage);
    throw error;
  }
}
