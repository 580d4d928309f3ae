import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

// Joins the values of a multi-value variable; never part of a stream name, tag or country code.
const MULTI_SEPARATOR = '\u001f';

// Values that mean "every value": Grafana's own marker for All and the custom all-values people tend to set.
const ALL_MARKERS = new Set(['$__all', '*', '.*']);

// The variable syntaxes Grafana understands: $name, ${name}, ${name:format}, ${name.path} and [[name]].
const VARIABLE_REFERENCE = /\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\$\{(\w+)(?:\.[^:}]+)?(?::[^}]+)?\}/g;

/**
 * Interpolates dashboard variables in a filter list and flattens multi-value variables into
 * separate items. An item that selects All (or an all-value like `*`) drops the whole filter,
 * because "every stream" is the same as no stream filter and stays below the API's 50-value cap.
 * Empty results are removed and duplicates are kept once.
 */
export function interpolateList(
  items: string[] | undefined,
  templateSrv: TemplateSrv,
  scopedVars: ScopedVars = {}
): string[] | undefined {
  if (!items) {
    return undefined;
  }
  const result: string[] = [];
  for (const item of items) {
    const plain = withoutFormats(item);
    if (referencesAll(plain, templateSrv, scopedVars)) {
      return [];
    }
    const parts = splitValues(templateSrv.replace(plain, scopedVars, joinMultiValue));
    if (parts.some((part) => ALL_MARKERS.has(part))) {
      return [];
    }
    for (const part of parts) {
      if (!result.includes(part)) {
        result.push(part);
      }
    }
  }
  return result;
}

/**
 * Interpolates dashboard variables in a field that holds one value, such as `"direction": "$direction"`,
 * trimmed. A multi-value variable's values are joined by commas, which the backend refuses with a sentence
 * naming the allowed values.
 */
export function interpolateValue(value: string, templateSrv: TemplateSrv, scopedVars: ScopedVars = {}): string {
  return templateSrv.replace(withoutFormats(value), scopedVars, joinWithCommas).trim();
}

/**
 * Interpolates a limit stored as text (`"$top"`): a whole number becomes a number, empty text no limit (the
 * default); anything else stays text, for the backend to refuse with a sentence.
 */
export function interpolateLimit(
  limit: string,
  templateSrv: TemplateSrv,
  scopedVars: ScopedVars = {}
): number | string | undefined {
  const text = interpolateValue(limit, templateSrv, scopedVars);
  if (text === '') {
    return undefined;
  }
  const n = Number(text);
  return Number.isInteger(n) ? n : text;
}

function joinWithCommas(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : value == null ? '' : String(value);
}

function joinMultiValue(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(String).join(MULTI_SEPARATOR);
  }
  return value == null ? '' : String(value);
}

/** Splits an interpolated item into values: multi-value joins, `{a,b}` groups and comma lists. */
export function splitValues(text: string): string[] {
  let body = text.trim();
  const braced = /^\{(.*)\}$/s.exec(body);
  if (braced) {
    body = braced[1];
  }
  return body
    .split(new RegExp(`[${MULTI_SEPARATOR},]`))
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

// Whether a variable the item refers to is at All. Asked through interpolation, never the dashboard's
// variable list: in repeated panels and rows (scenes) the clone's own value only interpolation knows.
function referencesAll(item: string, templateSrv: TemplateSrv, scopedVars: ScopedVars): boolean {
  for (const match of item.matchAll(VARIABLE_REFERENCE)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name && templateSrv.replace(`\${${name}:text}`, scopedVars) === 'All') {
      return true;
    }
  }
  return false;
}

// An explicit format (`${stream:json}`, `[[stream:regex]]`) would wrap the values in syntax the API
// does not know; a filter list only ever wants the values themselves.
function withoutFormats(item: string): string {
  return item.replace(/\$\{(\w+)(\.[^:}]+)?:[^}]+\}/g, '${$1$2}').replace(/\[\[(\w+?):\w+\]\]/g, '[[$1]]');
}

/** The names of the dashboard's variables as `$name`, for pickers that accept variables. */
export function variableNames(templateSrv: TemplateSrv): string[] {
  return templateSrv.getVariables().map((v) => `$${v.name}`);
}
