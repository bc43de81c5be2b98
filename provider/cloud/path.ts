/**
 * Builds request paths from trusted templates and untrusted values. Every value is validated
 * and percent-encoded as one path segment, so a crafted name or id can never reach another path.
 */
export class UnsafePathSegmentError extends Error {
  override readonly name = "UnsafePathSegmentError";
}

export function pathSegment(value: string | number): string {
  const text = String(value);
  if (text === "" || text === "." || text === "..") {
    throw new UnsafePathSegmentError(`"${text}" cannot be used as a path segment.`);
  }
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UnsafePathSegmentError("Path segments cannot contain control characters.");
  return encodeURIComponent(text);
}

/** Tagged template: path`/v1/${projectId}/instances/${id}`. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((result, literal, i) => result + literal + (i < values.length ? pathSegment(values[i]) : ""), "");
}
