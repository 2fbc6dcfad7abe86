/**
 * Turns a title into a slug: lower case, ASCII letters and digits, single hyphens.
 *
 * @public
 */
export function slugify(text: string, maxLength = 63): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}

/**
 * A project's namespace: the slug of `{programme code}-{title}`.
 *
 * @public
 */
export function projectNamespace(programmeCode: string, title: string): string {
  return slugify(`${programmeCode}-${title}`);
}
