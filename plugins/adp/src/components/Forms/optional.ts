/** Form text → payload: an empty optional input means "not given". */
export const orUndefined = (v: string) => (v.trim() === '' ? undefined : v);
/** Form text → payload for a clearable field on update: empty clears it. */
export const orNull = (v: string) => (v.trim() === '' ? null : v);
