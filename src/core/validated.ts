/** The result of checking user input: the value, or a message that says what to do. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly suggestedModel?: string };
