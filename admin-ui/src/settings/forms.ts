/** The checks the settings forms make before sending (the server checks again). */

export type FormProblems = Record<string, string>;

/** An address with one @ and a dot after it: enough to catch a slip, not to judge a mailbox. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface MemberFormValues {
  email: string;
  name: string;
  role: string;
}

export function memberFormProblems(values: MemberFormValues): FormProblems {
  const problems: FormProblems = {};
  if (!EMAIL_SHAPE.test(values.email.trim())) {
    problems.email = 'Enter an email address.';
  }
  if (values.role === '') {
    problems.role = 'Choose a role.';
  }
  return problems;
}

export interface ApiKeyFormValues {
  name: string;
  role: string;
}

export function apiKeyFormProblems(values: ApiKeyFormValues): FormProblems {
  const problems: FormProblems = {};
  const name = values.name.trim();
  if (name === '') {
    problems.name = 'Name the key after what uses it (e.g. "billing sync").';
  } else if (name.length > 100) {
    problems.name = 'At most 100 characters.';
  }
  if (values.role === '') {
    problems.role = 'Choose a role.';
  }
  return problems;
}

/** A link the server gives as a path (`/#/set-password/…`), made absolute to send to someone. */
export function absoluteLink(url: string, origin: string = window.location.origin): string {
  return new URL(url, origin).toString();
}
