/**
 * A node:test reporter that ends the run with one plain line: `N passed, N failed, N skipped`.
 * It runs beside the spec reporter (scripts/test.sh passes both), which keeps node's own closing lines.
 *
 * Why: node reports a skipped `describe` as ONE skipped test and never runs its body, so a suite of eight
 * tests skipped for a missing tool counts as one. This reporter opens the test file of each skipped suite,
 * finds the suite's `describe(...)` call (by its name, nearest to the line node reports) and counts the
 * `it(...)`/`test(...)` calls inside it, nested suites included. A test written inside a loop counts once
 * (it is counted from the source, not run).
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** Counts of one run; skipped includes every test inside a skipped suite. */
export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Of `skipped`, how many were inside a skipped suite (beyond the suite itself). */
  insideSkippedSuites: number;
  todo: number;
  cancelled: number;
}

interface TestEventData {
  name: string;
  nesting: number;
  file?: string;
  line?: number;
  skip?: string | boolean;
  todo?: string | boolean;
  details?: { type?: string; error?: { failureType?: string } };
}

type TestEvent = { type: string; data: TestEventData };

const TEST_CALLS = new Set(['it', 'test']);
const SUITE_CALLS = new Set(['describe', 'suite']);

/** The name a call is made under: `it`, `describe`, also `it.skip`, `describe.only` → `it`, `describe`. */
function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return e.expression.text;
  return undefined;
}

/** The literal first argument of a call, when it is a plain string. */
function literalName(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) return first.text;
  return undefined;
}

/** How many test calls are inside `node`, at any depth. */
function countTests(node: ts.Node): number {
  let n = 0;
  const visit = (child: ts.Node): void => {
    if (ts.isCallExpression(child)) {
      const name = calleeName(child);
      if (name && TEST_CALLS.has(name)) n += 1;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return n;
}

const parsed = new Map<string, ts.SourceFile | null>();

function sourceFile(file: string): ts.SourceFile | null {
  if (!parsed.has(file)) {
    try {
      parsed.set(file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
    } catch {
      parsed.set(file, null);
    }
  }
  return parsed.get(file) ?? null;
}

/**
 * The number of tests inside the suite `name` of `file` (the `describe` call with that literal name nearest
 * to `line`, 1-based), or 1 when it cannot be found (the suite then counts as one skipped test, as node counts it).
 */
export function countTestsInSuite(file: string, name: string, line?: number): number {
  const src = sourceFile(file);
  if (!src) return 1;
  const candidates: Array<{ call: ts.CallExpression; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = calleeName(node);
      if (callee && SUITE_CALLS.has(callee) && literalName(node) === name) {
        candidates.push({ call: node, line: src.getLineAndCharacterOfPosition(node.getStart(src)).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  if (candidates.length === 0) return 1;
  const best = candidates.reduce((a, b) => (line !== undefined && Math.abs(b.line - line) < Math.abs(a.line - line) ? b : a));
  return Math.max(1, countTests(best.call));
}

/** Folds one reporter event into the counts. Suites count through their tests, never themselves, unless skipped. */
export function countEvent(counts: RunCounts, event: TestEvent): void {
  if (event.type !== 'test:pass' && event.type !== 'test:fail') return;
  const { data } = event;
  const isSuite = data.details?.type === 'suite';
  if (data.skip !== undefined && data.skip !== false) {
    const n = isSuite && data.file ? countTestsInSuite(data.file, data.name, data.line) : 1;
    counts.skipped += n;
    counts.insideSkippedSuites += isSuite ? n : 0;
    return;
  }
  if (data.todo !== undefined && data.todo !== false) {
    counts.todo += 1;
    return;
  }
  if (event.type === 'test:pass') {
    if (!isSuite) counts.passed += 1;
    return;
  }
  const failureType = data.details?.error?.failureType;
  if (failureType === 'cancelledByParent') counts.cancelled += 1;
  else if (!isSuite || failureType !== 'subtestsFailed') counts.failed += 1;
}

/** The closing line, e.g. `412 passed, 0 failed, 31 skipped (24 of them inside skipped suites)`. */
export function formatCounts(c: RunCounts): string {
  const parts = [`${c.passed} passed`, `${c.failed} failed`, `${c.skipped} skipped`];
  let line = parts.join(', ');
  if (c.insideSkippedSuites > 0) line += ` (${c.insideSkippedSuites} of them inside skipped suites)`;
  if (c.todo > 0) line += `, ${c.todo} todo`;
  if (c.cancelled > 0) line += `, ${c.cancelled} cancelled`;
  return line;
}

/** The reporter itself (node:test calls the default export with the stream of events). */
export default async function* summaryReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const counts: RunCounts = { passed: 0, failed: 0, skipped: 0, insideSkippedSuites: 0, todo: 0, cancelled: 0 };
  for await (const event of source) countEvent(counts, event);
  yield `\n${formatCounts(counts)}\n`;
}
