import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as vm from 'vm';

/** web/app/alert-list.js as the pages load it (an ES module, no imports), turned into CommonJS: the real code. */
function load(): { createStreamLog: () => StreamLog; createAnswerOrder: () => AnswerOrder } {
  const file = path.resolve(__dirname, '..', '..', 'web', 'app', 'alert-list.js');
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} as Record<string, unknown> };
  (vm.runInNewContext(`(function (exports, module) {${outputText}\n})`, { Map }) as (e: unknown, m: unknown) => void)(module.exports, module);
  return module.exports as { createStreamLog: () => StreamLog; createAnswerOrder: () => AnswerOrder };
}

interface View {
  id: string;
  state: string;
}
interface StreamLog {
  changed(id: string): void;
  mark(): number;
  merge(current: Map<string, View> | null, items: View[], mark: number): Map<string, View> | null;
}

interface AnswerOrder {
  ask(): number;
  settle(ticket: number): boolean;
}

const { createStreamLog, createAnswerOrder } = load();
const a = (id: string, state = 'new'): View => ({ id, state });
const ids = (list: Map<string, View> | null) => [...(list?.keys() ?? [])].sort();

describe('createStreamLog: a snapshot of open alerts merged with what the stream said since it was asked for', () => {
  it('takes a snapshot whole when the stream said nothing meanwhile', () => {
    const log = createStreamLog();
    const mark = log.mark();
    expect(ids(log.merge(null, [a('x'), a('y')], mark))).toEqual(['x', 'y']);
  });

  it('keeps an alert the stream raised while the snapshot was on its way, which the snapshot lacks', () => {
    const log = createStreamLog();
    const mark = log.mark();
    log.changed('raised');
    const current = new Map([['raised', a('raised')]]);
    expect(ids(log.merge(current, [a('x')], mark))).toEqual(['raised', 'x']);
  });

  it('keeps out an alert the stream closed meanwhile, which the snapshot still holds open', () => {
    const log = createStreamLog();
    const mark = log.mark();
    log.changed('closed');
    // The page deleted it from its list on the stream's word.
    const current = new Map([['x', a('x')]]);
    expect(ids(log.merge(current, [a('x'), a('closed')], mark))).toEqual(['x']);
  });

  it("keeps the stream's newer view of an alert over the snapshot's older one", () => {
    const log = createStreamLog();
    const mark = log.mark();
    log.changed('x');
    const current = new Map([['x', a('x', 'acknowledged')]]);
    expect(log.merge(current, [a('x', 'new')], mark)!.get('x')!.state).toBe('acknowledged');
  });

  it('takes the snapshot over changes the stream made before it was asked for', () => {
    const log = createStreamLog();
    log.changed('x');
    const current = new Map([['x', a('x', 'new')], ['gone', a('gone')]]);
    const mark = log.mark();
    // Closed before the question (its close event was missed, say): the snapshot, asked later, knows.
    const next = log.merge(current, [a('x', 'acknowledged')], mark)!;
    expect(ids(next)).toEqual(['x']);
    expect(next.get('x')!.state).toBe('acknowledged');
  });

  it('drops a snapshot asked for before one already applied', () => {
    const log = createStreamLog();
    const early = log.mark();
    log.changed('raised');
    const late = log.mark();
    const current = new Map([['raised', a('raised')]]);
    expect(ids(log.merge(current, [a('raised'), a('x')], late))).toEqual(['raised', 'x']);
    expect(log.merge(current, [a('x')], early)).toBeNull();
  });
});

describe('createAnswerOrder: one alert shown from answers that may come back out of order', () => {
  it('shows answers that come back in the order they were asked for', () => {
    const order = createAnswerOrder();
    const first = order.ask();
    const second = order.ask();
    expect([order.settle(first), order.settle(second)]).toEqual([true, true]);
  });

  it("drops a load asked for before a tap whose answer is already shown (the tap's state stands)", () => {
    const order = createAnswerOrder();
    const load = order.ask();
    const tap = order.ask();
    expect(order.settle(tap)).toBe(true);
    expect(order.settle(load)).toBe(false);
    // A load asked for after the tap is shown.
    expect(order.settle(order.ask())).toBe(true);
  });
});
