// A runner command's form: one text field per placeholder, checked against the command's RE2
// pattern in the browser where JavaScript reads it the same way (berth checks it again).

export interface ParamField {
  name: string;
  pattern: string;
}

export function paramFields(params: Record<string, string>): ParamField[] {
  return Object.keys(params)
    .sort()
    .map((name) => ({ name, pattern: params[name] }));
}

/** null when the value fits (or the pattern is not one JavaScript can read), else the reason. */
export function paramProblem(field: ParamField, value: string): string | null {
  let re: RegExp;
  try {
    re = new RegExp(field.pattern);
  } catch {
    return null;
  }
  const anchored = new RegExp(`^(?:${re.source})$`);
  return anchored.test(value) ? null : `must match ${field.pattern}`;
}
